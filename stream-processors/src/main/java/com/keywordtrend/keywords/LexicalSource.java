package com.keywordtrend.keywords;

import com.keywordtrend.sources.SourceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.PointerUtils;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.data.list.PointerTargetNode;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * The offline source, used always and alone in offline mode: phrases from the inputs themselves
 * (their content words, and services within the industry) and lexical expansion from WordNet 3.1
 * (embedded, via extjwnl): synonyms and narrower terms of each seed word, in the sense whose
 * gloss best fits the seeds. Needs no network.
 */
public final class LexicalSource implements KeywordSource {
    static final int MAX_HYPONYMS = 12;

    /** WordNet loads in about a second: once per execution environment, on first use, never at init. */
    private static final class WordNet {
        static final Dictionary DICTIONARY = load();

        private static Dictionary load() {
            try {
                return Dictionary.getDefaultResourceInstance();
            } catch (JWNLException e) {
                throw new IllegalStateException("the embedded WordNet could not be loaded", e);
            }
        }
    }

    @Override
    public String name() {
        return "lexical";
    }

    @Override
    public List<Candidate> candidates(Seeds seeds, Instant deadline) throws SourceException {
        List<Candidate> candidates = new ArrayList<>(fromInputs(seeds));
        try {
            candidates.addAll(fromWordNet(seeds));
        } catch (JWNLException | IllegalStateException e) {
            throw new SourceException("the embedded lexicon could not be read");
        }
        return candidates;
    }

    /** The user's own words: each input, its content words, and each service within the industry. */
    static List<Candidate> fromInputs(Seeds seeds) {
        List<Candidate> out = new ArrayList<>();
        String industry = Terms.display(seeds.industry());
        String uspCore = contentWords(seeds.usp());
        add(out, industry, 1.0);
        add(out, Terms.display(seeds.usp()), 0.9);
        add(out, uspCore, 1.0);
        add(out, industry + " " + uspCore, 0.85);
        List<String> uspWords = Terms.words(uspCore);
        String uspModifier = uspWords.size() > 1 ? Terms.display(seeds.usp()).split(" ")[0] : null;
        for (String service : seeds.keyServices()) {
            String s = Terms.display(service);
            add(out, s, 0.95);
            add(out, industry + " " + s, 0.9);
            if (uspModifier != null) add(out, uspModifier + " " + s, 0.8);
            if (!uspWords.isEmpty()) add(out, s + " " + uspWords.getLast(), 0.6);
        }
        return out;
    }

    private static void add(List<Candidate> out, String phrase, double relevance) {
        if (Terms.acceptable(phrase)) out.add(new Candidate(phrase, "lexical", relevance, Double.NaN));
    }

    private static String contentWords(String text) {
        List<String> kept = new ArrayList<>();
        for (String word : Terms.display(text).split(" ")) {
            if (!word.isEmpty() && !Terms.STOP_WORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) kept.add(word);
        }
        return String.join(" ", kept.subList(0, Math.min(kept.size(), Terms.MAX_WORDS)));
    }

    private static List<Candidate> fromWordNet(Seeds seeds) throws JWNLException {
        Dictionary dictionary = WordNet.DICTIONARY;
        Set<String> vocabulary = new LinkedHashSet<>(seeds.vocabulary());
        IndexWord industryWord = dictionary.lookupIndexWord(POS.NOUN, seeds.industry());
        if (industryWord != null && !industryWord.getSenses().isEmpty()) {
            vocabulary.addAll(Terms.stems(industryWord.getSenses().getFirst().getGloss()));
        }
        Set<String> words = new LinkedHashSet<>();
        words.add(seeds.industry());
        words.addAll(Terms.words(seeds.usp()));
        seeds.keyServices().forEach(s -> {
            words.add(s);
            words.addAll(Terms.words(s));
        });
        List<Candidate> out = new ArrayList<>();
        for (String word : words) {
            if (Terms.STOP_WORDS.contains(word) || word.length() < 3) continue;
            IndexWord indexWord = dictionary.lookupIndexWord(POS.NOUN, word);
            if (indexWord == null) continue;
            Synset sense = bestSense(indexWord, vocabulary);
            double fit = 0.5 + 0.5 * overlap(Terms.stems(sense.getGloss()), vocabulary);
            for (Word synonym : sense.getWords()) add(out, synonym.getLemma(), 0.6 * fit);
            int taken = 0;
            for (PointerTargetNode node : PointerUtils.getDirectHyponyms(sense)) {
                if (taken++ >= MAX_HYPONYMS) break;
                Synset hyponym = node.getSynset();
                double hyponymFit = 0.5 + 0.5 * overlap(Terms.stems(hyponym.getGloss()), vocabulary);
                add(out, hyponym.getWords().getFirst().getLemma(), 0.5 * fit * hyponymFit);
            }
        }
        return out;
    }

    /** The sense whose gloss shares most with the seed vocabulary; WordNet's first (most common) sense on a tie. */
    private static Synset bestSense(IndexWord word, Set<String> vocabulary) {
        Synset best = word.getSenses().getFirst();
        double bestScore = overlap(Terms.stems(best.getGloss()), vocabulary);
        for (Synset sense : word.getSenses()) {
            double score = overlap(Terms.stems(sense.getGloss()), vocabulary);
            if (score > bestScore) {
                best = sense;
                bestScore = score;
            }
        }
        return best;
    }

    /** Share of the vocabulary found in {@code stems}, saturating at three shared stems. */
    private static double overlap(Set<String> stems, Set<String> vocabulary) {
        long shared = stems.stream().filter(vocabulary::contains).count();
        return Math.min(1.0, shared / 3.0);
    }
}
