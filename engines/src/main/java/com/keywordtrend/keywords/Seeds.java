package com.keywordtrend.keywords;

import com.keywordtrend.model.OrchestrateInputs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the user told us: the inputs of an orchestrate job, and the seed phrases sources are asked about. */
public record Seeds(String industry, String usp, List<String> keyServices) {

    public static Seeds of(OrchestrateInputs inputs) {
        return new Seeds(inputs.industry(), inputs.usp(), inputs.keyServices());
    }

    /** The phrases to ask sources about: industry, USP, each key service, and each service within the industry. */
    public List<String> phrases() {
        Set<String> phrases = new LinkedHashSet<>();
        phrases.add(Terms.display(industry));
        phrases.add(Terms.display(usp));
        for (String service : keyServices) {
            phrases.add(Terms.display(service));
            phrases.add(Terms.display(industry + " " + service));
        }
        phrases.removeIf(String::isBlank);
        return List.copyOf(phrases);
    }

    /**
     * The theme a seed phrase (or a search built on one) belongs to: the service it names, else the
     * industry, else the USP, as displayed; null when it names none. Services first: "dental clinic
     * teeth whitening" is about teeth whitening.
     */
    public String themeOf(String phrase) {
        String text = " " + Terms.display(phrase).toLowerCase(java.util.Locale.ROOT) + " ";
        for (String service : keyServices) {
            String s = Terms.display(service);
            if (!s.isBlank() && text.contains(" " + s.toLowerCase(java.util.Locale.ROOT) + " ")) return s;
        }
        String u = Terms.display(usp);
        if (!u.isBlank() && text.contains(" " + u.toLowerCase(java.util.Locale.ROOT) + " ")) return u;
        String i = Terms.display(industry);
        if (!i.isBlank() && text.contains(" " + i.toLowerCase(java.util.Locale.ROOT) + " ")) return i;
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

    /**
     * The user's own phrases, whole, as {@link LexicalSource} offers them: the industry, the USP and
     * its content words, each service, and the industry with each of them.
     */
    public List<String> ownPhrases() {
        String i = Terms.display(industry);
        Set<String> phrases = new LinkedHashSet<>(List.of(i, Terms.display(usp), uspCore(), i + " " + uspCore()));
        for (String service : keyServices) {
            phrases.add(Terms.display(service));
            phrases.add(i + " " + Terms.display(service));
        }
        phrases.removeIf(String::isBlank);
        return List.copyOf(phrases);
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
