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
        return offerKind(noun) != null;
    }

    /** The lexicographer file of a noun's most frequent sense when it is a good or a service, else null. */
    static String offerKind(String noun) {
        return kindIn(noun, GOODS_AND_SERVICES);
    }

    /** What a business may sell: goods and services, and money's products (noun.possession: payments, accounts, loans). */
    private static final Set<String> OFFERS = Set.of("noun.artifact", "noun.food", "noun.act", "noun.possession");

    /** As {@link #offerKind}, money's products included: what a form may be built on. */
    static String offerOrPossessionKind(String noun) {
        return kindIn(noun, OFFERS);
    }

    /** Whether a noun's most frequent sense is a person (a lawyer, a plumber): who is met in person. */
    static boolean isPerson(String noun) {
        Synset first = firstSense(noun);
        return first != null && first.getLexFileName().equals("noun.person");
    }

    /** The lexicographer file of a noun's most frequent sense ("noun.event" for wedding), or null when WordNet does not know it. */
    static String kind(String noun) {
        Synset first = firstSense(noun);
        return first == null ? null : first.getLexFileName();
    }

    private static String kindIn(String noun, Set<String> files) {
        Synset first = firstSense(noun);
        return first != null && files.contains(first.getLexFileName()) ? first.getLexFileName() : null;
    }

    /** Broader terms that make a noun a place people go to for a service: a bakery is a shop, a clinic a medical institution. */
    private static final Set<String> PLACES_OF_BUSINESS = Set.of("establishment", "place of business", "shop", "store",
            "facility", "institution", "clinic", "salon", "service", "firm");

    /** Whether a noun's most frequent sense is, through its broader terms, a place of business. */
    static boolean isPlaceOfBusiness(String noun) {
        Synset sense = firstSense(noun);
        for (int depth = 0; sense != null && depth < 6; depth++) {
            for (var word : sense.getWords()) {
                List<String> lemma = Terms.words(word.getLemma());
                if (PLACES_OF_BUSINESS.contains(String.join(" ", lemma)) || PLACES_OF_BUSINESS.contains(lemma.getLast())) return true;
            }
            Synset broader = null;
            try {
                for (var pointer : sense.getPointers(net.sf.extjwnl.data.PointerType.HYPERNYM)) {
                    broader = pointer.getTargetSynset();
                    break;
                }
            } catch (JWNLException e) {
                return false;
            }
            sense = broader;
        }
        return false;
    }

    /**
     * Who provides what a phrase names, modifiers kept: "wedding photography" → "wedding photographer",
     * "plumbing" → "plumber", "orthodontics" → "orthodontist", "dog grooming" → "dog groomer". The
     * head's agent noun is formed as English forms it (-ing → -er or the bare stem, -y/-ics → -ist or
     * -er, -ment → -er, -sis → -st) and kept only when WordNet knows it as a person; null when none is.
     */
    static String provider(String phrase) {
        List<String> words = Terms.words(phrase);
        if (words.isEmpty()) return null;
        String head = words.getLast();
        for (String agent : agentForms(head)) {
            if (!agent.equals(head) && isPerson(agent)) {
                List<String> display = new java.util.ArrayList<>(List.of(Terms.display(phrase).split(" ")));
                display.set(display.size() - 1, agent);
                return String.join(" ", display);
            }
        }
        return words.size() == 2 && isPlaceOfBusiness(head) ? practitionerOf(words.getFirst()) : null;
    }

    /**
     * Who practises what a relational adjective relates to, as WordNet says it: "veterinary" relates to
     * the veterinarian (its most used word: "vet"); "dental" to dentistry, whose agent noun is "dentist".
     * A "dental clinic" is where a dentist is met. Null for an adjective of no practice ("solar": the sun).
     */
    static String practitionerOf(String adjective) {
        try {
            IndexWord found = dictionary().lookupIndexWord(POS.ADJECTIVE, adjective);
            if (found == null || !found.getLemma().equals(adjective)) return null;
            for (int i = 0; i < found.getSenses().size(); i++) {
                for (var pointer : found.getSenses().get(i).getPointers(net.sf.extjwnl.data.PointerType.PERTAINYM)) {
                    Synset noun = pointer.getTargetSynset();
                    // a person only in the first sense: "medical" relates, in its third, to Aesculapius
                    if (i == 0 && "noun.person".equals(noun.getLexFileName())) return LexicalSource.mostUsed(noun).getLemma();
                    if (!"noun.cognition".equals(noun.getLexFileName())) continue; // a field of knowledge: dentistry
                    String field = noun.getWords().get(0).getLemma();
                    for (String agent : agentForms(field)) if (isPerson(agent)) return agent;
                }
            }
            return null;
        } catch (JWNLException e) {
            return null;
        }
    }

    /** The agent nouns English may form from {@code noun}, most regular first. */
    static List<String> agentForms(String noun) {
        List<String> forms = new java.util.ArrayList<>();
        if (noun.endsWith("ing") && noun.length() > 5) {
            String stem = noun.substring(0, noun.length() - 3);
            forms.add(stem + "er"); // plumbing → plumber, grooming → groomer, catering → caterer
            if (stem.endsWith("or")) forms.add(stem); // tutoring → tutor (not grooming → groom)
            if (stem.length() > 2 && stem.charAt(stem.length() - 1) == stem.charAt(stem.length() - 2)) {
                forms.add(stem.substring(0, stem.length() - 1) + "er"); // shopping → shopper
            }
        }
        if (noun.endsWith("ics")) forms.add(noun.substring(0, noun.length() - 3) + "ist"); // orthodontics → orthodontist
        if (noun.endsWith("ry")) forms.add(noun.substring(0, noun.length() - 2)); // dentistry → dentist
        if (noun.endsWith("y")) {
            String stem = noun.substring(0, noun.length() - 1);
            forms.add(stem + "ist"); // physiotherapy → physiotherapist
            forms.add(stem + "er"); // photography → photographer
        }
        if (noun.endsWith("ment")) {
            String stem = noun.substring(0, noun.length() - 4);
            forms.add(stem + (stem.endsWith("e") ? "r" : "er")); // management → manager, recruitment → recruiter
        }
        if (noun.endsWith("sis")) forms.add(noun.substring(0, noun.length() - 3) + "st"); // analysis → analyst
        return forms;
    }

    /** A noun's base form as WordNet gives it ("cakes" → cake), or the word itself. */
    static String baseForm(String noun) {
        try {
            IndexWord found = dictionary().lookupIndexWord(POS.NOUN, noun);
            return found == null || found.getLemma().contains(" ") ? noun : found.getLemma();
        } catch (JWNLException e) {
            return noun;
        }
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

    /** Words that say how often or when, never what: a noun phrase ends before them ("sourdough baked daily"). */
    private static final Set<String> TIME_WORDS = Set.of("daily", "weekly", "monthly", "yearly", "nightly", "hourly",
            "today", "now", "always", "fast", "quickly");

    /**
     * The noun phrases of a text as people type them: runs of modifiers ending in a noun, cut at
     * stop words, verbs and words of time ("gluten-free sourdough baked daily" → "gluten-free
     * sourdough"; "online maths tutoring for GCSE" → "online maths tutoring"). Words as displayed.
     */
    static List<String> nounPhrases(String text) {
        List<String> phrases = new java.util.ArrayList<>();
        List<String> run = new java.util.ArrayList<>();
        int lastNoun = -1;
        for (String word : Terms.display(text).split(" ")) {
            String key = word.toLowerCase(java.util.Locale.ROOT);
            boolean content = !key.isEmpty() && !TIME_WORDS.contains(key) && !Terms.STOP_WORDS.contains(key);
            boolean noun = content && (isNoun(key) || word.contains("-") && isNoun(key.substring(key.lastIndexOf('-') + 1)) || Terms.isAcronym(word));
            boolean modifier = content && !noun && (word.contains("-") || isAdjective(key));
            if (noun || modifier && lastNoun < 0) {
                run.add(word);
                if (noun) lastNoun = run.size() - 1;
                continue;
            }
            if (lastNoun >= 0) phrases.add(String.join(" ", run.subList(0, lastNoun + 1)));
            run.clear();
            lastNoun = -1;
            if (modifier) run.add(word);
        }
        if (lastNoun >= 0) phrases.add(String.join(" ", run.subList(0, lastNoun + 1)));
        return phrases;
    }

    /** A noun, or a verb's -ing form, which English uses as one ("tutoring", "grooming", "drain cleaning"). */
    private static boolean isNoun(String word) {
        return is(POS.NOUN, word) || word.endsWith("ing") && is(POS.VERB, word);
    }

    private static boolean isAdjective(String word) {
        return is(POS.ADJECTIVE, word);
    }

    /** Whether {@code word} itself (or its base form: "plumbers" → plumber) is in WordNet as {@code pos}. */
    private static boolean is(POS pos, String word) {
        try {
            IndexWord found = dictionary().lookupIndexWord(pos, word);
            return found != null && !found.getLemma().contains(" ");
        } catch (JWNLException e) {
            return false;
        }
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
