package com.keywordtrend.keywords;

import java.util.List;
import java.util.Set;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.dictionary.Dictionary;

/** The embedded WordNet 3.1 (extjwnl), and what the keyword rules ask of it. */
final class Lexicon {
    private Lexicon() {
    }

    /** WordNet loads in about a second: once per execution environment, on first use, never at init. */
    private static final class Holder {
        static final Dictionary DICTIONARY = load();

        private static Dictionary load() {
            try {
                return Dictionary.getDefaultResourceInstance();
            } catch (JWNLException e) {
                throw new IllegalStateException("the embedded WordNet could not be loaded", e);
            }
        }
    }

    static Dictionary dictionary() {
        return Holder.DICTIONARY;
    }

    /**
     * WordNet's lexicographer files of things people pay for: made things (noun.artifact: a dress, an
     * implant, software), food (a cake, bread) and acts done for someone (noun.act: whitening, training,
     * installation, surgery). A field (noun.cognition: orthodontics), a state or a property is learnt about.
     */
    private static final Set<String> GOODS_AND_SERVICES = Set.of("noun.artifact", "noun.food", "noun.act");

    /** Whether a noun's most frequent sense is a good or a service (see {@link #GOODS_AND_SERVICES}). */
    static boolean isGoodOrService(String noun) {
        Synset first = firstSense(noun);
        return first != null && GOODS_AND_SERVICES.contains(first.getLexFileName());
    }

    /** Whether the words after a term's last "in" name a place WordNet knows: "best bakery in brooklyn". */
    static boolean namesAPlaceAfterIn(List<String> words) {
        int in = words.lastIndexOf("in");
        if (in < 0 || in == words.size() - 1) return false;
        List<String> rest = words.subList(in + 1, words.size());
        if (rest.size() > 3) return false;
        Synset first = firstSense(String.join(" ", rest));
        return first != null && first.getLexFileName().equals("noun.location");
    }

    /** The most frequent noun sense of {@code phrase} itself (not of a word the lookup falls back to), or null. */
    private static Synset firstSense(String phrase) {
        try {
            IndexWord word = dictionary().lookupIndexWord(POS.NOUN, phrase);
            if (word == null || word.getSenses().isEmpty()) return null;
            // the lookup falls back to a part of a phrase ("bank account" → account): only the phrase itself
            if (Terms.words(word.getLemma()).size() != Terms.words(phrase).size()) return null;
            return word.getSenses().get(0);
        } catch (JWNLException e) {
            return null; // an unreadable entry only makes the rule say less
        }
    }
}
