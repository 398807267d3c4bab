package com.keywordtrend.keywords;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The forms people search a business's offer in, by intent, from keyword research practice: local
 * ("bakery near me") for a business that serves people in person, transactional ("wedding cake
 * prices", "teeth whitening cost") for a good or paid service, commercial ("best bakery") for a place
 * of business. A form is no evidence that anyone searches it, so it weighs less than the user's own
 * phrases and never more than the phrase it is built on.
 */
final class QueryForms {
    /** Relevance of a form, against 0.95 for the service it is built on. */
    static final double RELEVANCE = 0.6;

    /** Words that say a business is reached online, where "near me" means nothing. */
    private static final Set<String> ONLINE_WORDS = Set.of("online", "software", "app", "apps", "platform", "e-commerce",
            "ecommerce", "digital", "saas", "cloud", "virtual", "remote", "internet", "web", "fintech", "cybersecurity");

    private QueryForms() {
    }

    static List<Candidate> of(Seeds seeds) {
        List<Candidate> out = new ArrayList<>();
        boolean inPerson = servesInPerson(seeds);
        String industry = Terms.display(seeds.industry());
        if (inPerson) {
            add(out, industry + " near me", industry);
            if (Lexicon.isPlaceOfBusiness(lastWord(industry))) add(out, "best " + industry, industry);
        }
        for (String service : seeds.keyServices()) {
            String s = Terms.display(service);
            if (!s.contains(" ") && LexicalSource.ambiguous(s)) continue;
            String head = lastWord(s);
            String kind = Lexicon.offerKind(head);
            if (kind == null) continue; // a field or a concept: nothing to buy or to go to
            String singular = s.substring(0, s.length() - head.length()) + Lexicon.baseForm(head);
            add(out, singular + (kind.equals("noun.act") ? " cost" : " prices"), s);
            if (inPerson) add(out, s + " near me", s);
        }
        return out;
    }

    /** A business whose inputs say nothing of being online, and whose industry WordNet knows as a thing, a place or an act. */
    static boolean servesInPerson(Seeds seeds) {
        List<String> words = new ArrayList<>(Terms.words(seeds.industry()));
        words.addAll(Terms.words(seeds.usp()));
        seeds.keyServices().forEach(s -> words.addAll(Terms.words(s)));
        String all = " " + String.join(" ", words) + " ";
        if (ONLINE_WORDS.stream().anyMatch(w -> all.contains(" " + w + " ") || all.contains(" " + w.replace("-", " ") + " "))) return false;
        return Lexicon.offerKind(lastWord(Terms.display(seeds.industry()))) != null
                || Lexicon.isPlaceOfBusiness(lastWord(Terms.display(seeds.industry())));
    }

    private static String lastWord(String phrase) {
        String[] words = phrase.split(" ");
        return words[words.length - 1].toLowerCase(Locale.ROOT);
    }

    private static void add(List<Candidate> out, String term, String theme) {
        if (Terms.acceptable(term)) out.add(new Candidate(term, "lexical", RELEVANCE, Double.NaN, theme));
    }
}
