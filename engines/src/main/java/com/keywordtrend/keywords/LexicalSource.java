package com.keywordtrend.keywords;

import com.keywordtrend.sources.SourceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
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

    /** Chooses a seed word's sense by meaning when given; by shared words (Lesk) when null. */
    private final SemanticRelevance meaning;

    /** Senses chosen by shared words alone. */
    public LexicalSource() {
        this(null);
    }

    /** Senses chosen by how close each sense's words and gloss are in meaning to the rest of the business. */
    public LexicalSource(SemanticRelevance meaning) {
        this.meaning = meaning;
    }

    @Override
    public String name() {
        return "lexical";
    }

    @Override
    public List<Candidate> candidates(Seeds seeds, Instant deadline) throws SourceException {
        List<Candidate> candidates = new ArrayList<>(fromInputs(seeds));
        candidates.addAll(QueryForms.of(seeds));
        try {
            candidates.addAll(fromWordNet(seeds));
        } catch (JWNLException | IllegalStateException e) {
            throw new SourceException("the embedded lexicon could not be read");
        }
        return candidates;
    }

    /**
     * The user's own phrases ({@link Seeds#keywordPhrases()}): the industry, the USP when short (else
     * its noun phrases), its content words, and each service. Never a lone word cut from a phrase ("day" of "same-day", "zero"
     * of "zero-trust"), and never a modifier moved onto a noun it did not qualify ("zero penetration
     * testing"): both read as keywords nobody searches.
     */
    static List<Candidate> fromInputs(Seeds seeds) {
        List<Candidate> out = new ArrayList<>();
        for (Seeds.OwnPhrase own : seeds.keywordPhrases()) {
            double relevance = switch (own.kind()) {
                case INDUSTRY, USP_CORE -> 1.0;
                case SERVICE -> 0.95;
                case USP, USP_PHRASE, INDUSTRY_WITH_SERVICE -> 0.9;
                case INDUSTRY_WITH_USP_CORE -> 0.85;
            };
            // "analysis" alone could be any of six things
            if (own.kind() == Seeds.Kind.SERVICE && ambiguous(own.phrase())) continue;
            add(out, own.phrase(), relevance, own.theme(), "your words");
        }
        return out;
    }

    /** A single word with this many noun senses in WordNet means too many things to be a keyword alone. */
    static final int AMBIGUOUS_SENSES = 5;

    /**
     * A single word of {@link #AMBIGUOUS_SENSES} or more noun senses ("analysis", "return", "land"):
     * alone it targets every one of them, and which one the business means cannot be told from a
     * word, so it is neither offered alone nor expanded.
     */
    static boolean ambiguous(String phrase) {
        if (phrase.contains(" ")) return false;
        try {
            IndexWord word = Lexicon.dictionary().lookupIndexWord(POS.NOUN, phrase);
            return word != null && Terms.key(word.getLemma()).equals(Terms.key(phrase)) && word.getSenses().size() >= AMBIGUOUS_SENSES;
        } catch (JWNLException e) {
            return false;
        }
    }

    private static void add(List<Candidate> out, String phrase, double relevance, String theme, String origin) {
        if (Terms.acceptable(phrase)) out.add(new Candidate(phrase, "lexical", relevance, Double.NaN, theme, origin));
    }

    /** A WordNet word as a keyword: never one too ambiguous to stand alone. */
    private static void addExpansion(List<Candidate> out, String lemma, double relevance, String theme, String origin) {
        if (!ambiguous(lemma)) add(out, lemma, relevance, theme, origin);
    }

    private List<Candidate> fromWordNet(Seeds seeds) throws JWNLException {
        Dictionary dictionary = Lexicon.dictionary();
        // every seed word's senses tell the topic; only the industry's and the services' are expanded
        Map<String, List<Synset>> contextSenses = new LinkedHashMap<>();
        for (String word : contextWords(seeds)) {
            IndexWord indexWord = dictionary.lookupIndexWord(POS.NOUN, word);
            if (indexWord != null && !indexWord.getSenses().isEmpty()) contextSenses.put(word, List.copyOf(indexWord.getSenses()));
        }
        Map<String, List<Synset>> sensesByWord = new LinkedHashMap<>();
        for (String word : seedWords(seeds)) {
            IndexWord indexWord = dictionary.lookupIndexWord(POS.NOUN, word);
            // the lookup falls back to a part of a phrase ("managed detection" → detection): only the phrase itself
            if (indexWord != null && !indexWord.getSenses().isEmpty() && Terms.key(indexWord.getLemma()).equals(Terms.key(word))
                    && indexWord.getSenses().size() < AMBIGUOUS_SENSES) {
                sensesByWord.put(word, List.copyOf(indexWord.getSenses()));
            }
        }
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<String, List<Synset>> entry : sensesByWord.entrySet()) {
            // the topic: the seed words, the fields (domains, broader terms) the other seed words can
            // belong to, and what the industry means; glosses of every sense would add mostly noise
            Map<String, Integer> topic = new HashMap<>();
            seeds.vocabulary().forEach(stem -> topic.merge(stem, 2, Integer::sum));
            contextSenses.forEach((other, senses) -> {
                if (other.equals(entry.getKey())) return;
                senses.forEach(sense -> fieldStems(sense).forEach(stem -> topic.merge(stem, 1, Integer::sum)));
                if (other.equals(seeds.industry())) senses.forEach(sense -> Terms.stems(sense.getGloss()).forEach(stem -> topic.merge(stem, 1, Integer::sum)));
            });
            topic.keySet().removeAll(Terms.stems(entry.getKey())); // every sense of a word mentions the word itself
            Synset sense = meaning == null ? bestSense(entry.getValue(), topic) : closestSense(entry.getKey(), entry.getValue(), seeds);
            double fit = 0.5 + 0.5 * Math.min(1.0, fitScore(sense, topic) / 4.0);
            String theme = seeds.themeOf(entry.getKey());
            for (Word synonym : commonSynonyms(sense)) addExpansion(out, synonym.getLemma(), 0.6 * fit, theme, "WordNet: synonym");
            int taken = 0;
            for (PointerTargetNode node : PointerUtils.getDirectHyponyms(sense)) {
                if (taken++ >= MAX_HYPONYMS) break;
                Synset hyponym = node.getSynset();
                if (hyponym.getWords().isEmpty()) continue;
                double hyponymFit = 0.4 + 0.6 * Math.min(1.0, fitScore(hyponym, topic) / 4.0);
                addExpansion(out, mostUsed(hyponym).getLemma(), 0.5 * fit * hyponymFit, theme, "WordNet: a kind of it");
            }
        }
        return out;
    }

    /**
     * The words of a sense that people use: those WordNet's sense-tagged corpus has seen at least once
     * ("wedding", not "hymeneals"; "sneaker", not "gym shoe"; "financing", not "funding"). In a sense
     * none of whose words was ever seen, only its headword (the first): "remittance", not
     * "remitment" or "remittal".
     */
    static List<Word> commonSynonyms(Synset sense) {
        List<Word> seen = sense.getWords().stream().filter(w -> w.getUseCount() > 0).toList();
        return seen.isEmpty() ? List.of(sense.getWords().getFirst()) : seen;
    }

    /** The sense's most used word, the first on a tie: what a narrower term is called. */
    static Word mostUsed(Synset sense) {
        Word best = sense.getWords().getFirst();
        for (Word w : sense.getWords()) if (w.getUseCount() > best.getUseCount()) best = w;
        return best;
    }

    /** The words whose senses say what the business is about: the industry, each word of the USP and of each service. */
    private static Set<String> contextWords(Seeds seeds) {
        Set<String> words = new LinkedHashSet<>();
        words.add(seeds.industry());
        words.addAll(Terms.words(seeds.usp()));
        seeds.keyServices().forEach(s -> {
            words.add(s);
            words.addAll(Terms.words(s));
        });
        words.removeIf(w -> Terms.STOP_WORDS.contains(w) || Seeds.FILLER.contains(w) || w.length() < 3);
        return words;
    }

    /**
     * What WordNet is asked about: the industry and each service, whole. Not the single words of the
     * USP or of a service: their senses ("zero": cipher, nought; "care": attention, tending) are not
     * the business's.
     */
    private static Set<String> seedWords(Seeds seeds) {
        Set<String> words = new LinkedHashSet<>();
        words.add(seeds.industry().strip().toLowerCase(java.util.Locale.ROOT));
        seeds.keyServices().forEach(s -> words.add(s.strip().toLowerCase(java.util.Locale.ROOT)));
        words.removeIf(w -> Terms.STOP_WORDS.contains(w) || w.length() < 3);
        return words;
    }

    /**
     * The sense whose words and gloss are closest in meaning to the business's other phrases (not
     * the word's own), less a little per place down WordNet's list (most frequent first), so that a
     * common sense wins a near tie: "dresses" for a fashion shop is the garment, not "attire".
     */
    private Synset closestSense(String word, List<Synset> senses, Seeds seeds) {
        List<String> context = seeds.phrasesWithout(word);
        if (context.isEmpty()) return senses.getFirst();
        List<String> texts = senses.stream().map(LexicalSource::senseText).toList();
        double[] closeness = meaning.closeness(texts, context);
        int best = 0;
        for (int rank = 1; rank < senses.size(); rank++) {
            if (closeness[rank] - SENSE_RANK_PENALTY * rank > closeness[best] - SENSE_RANK_PENALTY * best) best = rank;
        }
        return senses.get(best);
    }

    static final double SENSE_RANK_PENALTY = 0.03;

    /** A sense as a sentence: its words, then its gloss. */
    private static String senseText(Synset sense) {
        List<String> words = sense.getWords().stream().map(Word::getLemma).toList();
        return String.join(", ", words) + ": " + sense.getGloss();
    }

    /**
     * Lesk-style choice: the sense whose signature shares most with the topic, less half a point per
     * place down WordNet's list of senses (most frequent first), so a common sense wins a near tie.
     */
    private static Synset bestSense(List<Synset> senses, Map<String, Integer> topic) {
        Synset best = senses.get(0);
        double bestScore = fitScore(best, topic);
        for (int rank = 1; rank < senses.size(); rank++) {
            double score = fitScore(senses.get(rank), topic) - 0.5 * rank;
            if (score > bestScore) {
                best = senses.get(rank);
                bestScore = score;
            }
        }
        return best;
    }

    /** Topic weight of a sense's signature; its domain and broader terms count double (they name the field). */
    private static double fitScore(Synset sense, Map<String, Integer> topic) {
        double score = 0;
        for (String stem : Terms.stems(sense.getGloss())) score += Math.min(2, topic.getOrDefault(stem, 0));
        for (String stem : fieldStems(sense)) score += 2 * Math.min(2, topic.getOrDefault(stem, 0));
        return score;
    }

    /** The field a sense belongs to: its domain and its broader terms, as stems. */
    private static Set<String> fieldStems(Synset sense) {
        Set<String> stems = new LinkedHashSet<>();
        try {
            for (Pointer pointer : sense.getPointers()) {
                if (pointer.getType() == PointerType.CATEGORY || pointer.getType() == PointerType.HYPERNYM) {
                    Synset target = pointer.getTargetSynset();
                    if (target != null && !target.getWords().isEmpty()) stems.addAll(Terms.stems(target.getWords().get(0).getLemma()));
                }
            }
        } catch (JWNLException e) {
            // a broken pointer only weakens the signature
        }
        return stems;
    }

}
