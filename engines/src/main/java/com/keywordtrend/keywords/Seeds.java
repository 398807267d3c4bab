package com.keywordtrend.keywords;

import com.keywordtrend.model.OrchestrateInputs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the user told us: the inputs of an orchestrate job, and the seed phrases sources are asked
 * about; {@code location} is where the business serves, null when not given.
 */
public record Seeds(String industry, String usp, List<String> keyServices, String location) {

    public Seeds(String industry, String usp, List<String> keyServices) {
        this(industry, usp, keyServices, null);
    }

    public static Seeds of(OrchestrateInputs inputs) {
        return new Seeds(inputs.industry(), inputs.usp(), inputs.keyServices(),
                inputs.location() == null || inputs.location().isBlank() ? null : Terms.display(inputs.location()));
    }

    /**
     * What one of the user's own phrases is: a whole input, a noun phrase of the USP, or the industry
     * with one (a search for sources, never a keyword by itself: nobody types "dentistry teeth whitening").
     */
    public enum Kind { INDUSTRY, USP, USP_CORE, USP_PHRASE, INDUSTRY_WITH_USP_CORE, SERVICE, INDUSTRY_WITH_SERVICE }

    /** One of the user's own phrases, as displayed, and the theme it belongs to. */
    public record OwnPhrase(String phrase, Kind kind, String theme) {
    }

    /**
     * The user's own phrases, whole, in one place: the industry, the USP and its content words (and
     * those within the industry), each service, and each service within the industry. Blank ones
     * and repeats included; callers keep what they need.
     */
    public List<OwnPhrase> own() {
        return own(true);
    }

    /**
     * {@link #own()}, with the USP's noun phrases only when asked for: they cost WordNet lookups, and
     * {@link #phrases()}, read for every term a job judges, never uses them.
     */
    private List<OwnPhrase> own(boolean uspPhrases) {
        String i = Terms.display(industry);
        String u = Terms.display(usp);
        String core = uspCore();
        List<OwnPhrase> own = new ArrayList<>(List.of(new OwnPhrase(i, Kind.INDUSTRY, i), new OwnPhrase(u, Kind.USP, u),
                new OwnPhrase(core, Kind.USP_CORE, u), new OwnPhrase(i + " " + core, Kind.INDUSTRY_WITH_USP_CORE, u)));
        if (uspPhrases) {
            for (String phrase : Lexicon.nounPhrases(usp)) {
                if (phrase.contains(" ")) own.add(new OwnPhrase(phrase, Kind.USP_PHRASE, u));
            }
        }
        for (String service : keyServices) {
            String s = Terms.display(service);
            own.add(new OwnPhrase(s, Kind.SERVICE, s));
            own.add(new OwnPhrase(i + " " + s, Kind.INDUSTRY_WITH_SERVICE, s));
        }
        return own;
    }

    /** The phrases to ask sources about: industry, USP, each key service, and each service within the industry. */
    public List<String> phrases() {
        return distinct(own(false).stream().filter(o -> o.kind() != Kind.USP_CORE && o.kind() != Kind.INDUSTRY_WITH_USP_CORE).toList());
    }

    /** {@link #phrases()} but those that hold {@code seed} (the phrases a term found for that seed is not judged against). */
    public List<String> phrasesWithout(String seed) {
        return phrases().stream().filter(p -> seed == null || !Terms.containsPhrase(p, seed)).toList();
    }

    /**
     * The own phrases a keyword list may hold, once each, blank ones left out: never the industry glued
     * to a service or to the USP, and never a USP (or its content words) of {@link #ECHO_WORDS} words or
     * more whole: people type its noun phrases ("gluten-free sourdough"), not the sentence.
     */
    public List<OwnPhrase> keywordPhrases() {
        return own().stream().filter(o -> switch (o.kind()) {
            case INDUSTRY_WITH_SERVICE, INDUSTRY_WITH_USP_CORE -> false;
            case USP, USP_CORE -> Terms.display(o.phrase()).split(" ").length < ECHO_WORDS; // "same-day" is one word as typed
            default -> true;
        }).toList();
    }

    /** A USP this long is a sentence, not a search. */
    static final int ECHO_WORDS = 4;

    /** {@link #keywordPhrases()} as text, once each. */
    public List<String> ownPhrases() {
        return distinct(keywordPhrases());
    }

    private static List<String> distinct(List<OwnPhrase> own) {
        Set<String> phrases = new LinkedHashSet<>();
        own.forEach(o -> phrases.add(o.phrase()));
        phrases.removeIf(String::isBlank);
        return List.copyOf(phrases);
    }

    /**
     * The theme a seed phrase (or a search built on one) belongs to: the service it names, else the
     * industry, else the USP, as displayed; null when it names none. Services first: "dental clinic
     * teeth whitening" is about teeth whitening.
     */
    public String themeOf(String phrase) {
        for (String service : keyServices) {
            if (Terms.containsPhrase(phrase, service)) return Terms.display(service);
        }
        if (Terms.containsPhrase(phrase, usp)) return Terms.display(usp);
        if (Terms.containsPhrase(phrase, industry)) return Terms.display(industry);
        return null;
    }

    /** Stems of every seed word: what "on topic" means for scoring. */
    public Set<String> vocabulary() {
        Set<String> stems = new LinkedHashSet<>(Terms.stems(industry));
        stems.addAll(Terms.stems(usp));
        keyServices.forEach(s -> stems.addAll(Terms.stems(s)));
        return stems;
    }

    /** The USP's content words: "AI-powered diagnostics" → "AI diagnostics"; "same-day" and "cross-border" stay whole. */
    public String uspCore() {
        return contentWords(usp);
    }

    /** Words that only say how a thing is made ("AI-powered", "data-driven"): the rest of the compound is the content. */
    static final Set<String> FILLER = Set.of("powered", "driven", "based", "enabled", "focused", "oriented", "led");

    private static String contentWords(String text) {
        List<String> kept = new ArrayList<>();
        for (String word : Terms.display(text).split(" ")) {
            if (word.contains("-")) {
                // "AI-powered" → AI; "same-day" and "cross-border" stay whole
                List<String> parts = new ArrayList<>(List.of(word.split("-")));
                parts.removeIf(part -> FILLER.contains(part.toLowerCase(java.util.Locale.ROOT)));
                word = String.join("-", parts);
            }
            if (!word.isEmpty() && !Terms.STOP_WORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) kept.add(word);
        }
        return String.join(" ", kept.subList(0, Math.min(kept.size(), Terms.MAX_WORDS)));
    }

}
