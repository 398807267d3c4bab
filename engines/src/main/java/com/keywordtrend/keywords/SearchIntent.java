package com.keywordtrend.keywords;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a searcher typing a keyword most likely wants, by the first rule that matches its words
 * (README: Search intent). Rules, not a model: each can be read, argued with and tested.
 */
public enum SearchIntent {
    /** Looking for one site or account: "login", "website", "official". */
    NAVIGATIONAL,
    /** Looking for a place nearby: "near me", "nearby", "local", "open now". */
    LOCAL,
    /** Ready to act: "buy", "price", "cost", "book", "hire", "quote", "order", "for sale", "free trial". */
    TRANSACTIONAL,
    /** Choosing between offers: "best", "review", "vs", "compare", "alternative", "affordable", or a provider ("clinic", "lawyer", "software"). */
    COMMERCIAL,
    /** Learning about a topic: questions, guides, and every other term. */
    INFORMATIONAL;

    private static final Set<String> NAVIGATIONAL_WORDS = Set.of("login", "signin", "website", "site", "portal", "official", "homepage");
    private static final List<String> LOCAL_PHRASES = List.of("near me", "nearby", "local", "open now", "in my area", "directions");
    private static final Set<String> TRANSACTIONAL_WORDS = Set.of("buy", "price", "prices", "pricing", "cost", "costs", "cheap",
            "deal", "deals", "discount", "coupon", "order", "book", "booking", "hire", "quote", "quotes", "subscription",
            "subscribe", "rent", "rental", "purchase", "shop", "sale", "trial", "fee", "fees", "financing");
    private static final Set<String> COMMERCIAL_WORDS = Set.of("best", "top", "review", "reviews", "vs", "versus", "compare",
            "comparison", "alternative", "alternatives", "affordable", "rated", "recommended", "leading");
    /** A term that names who sells the thing: the searcher is looking for a provider. */
    private static final Set<String> PROVIDER_WORDS = Set.of("clinic", "clinics", "firm", "firms", "lawyer", "lawyers",
            "attorney", "attorneys", "agency", "agencies", "company", "companies", "provider", "providers", "service",
            "services", "software", "platform", "installer", "installers", "contractor", "contractors", "dentist", "dentists",
            "vet", "vets", "veterinarian", "gym", "gyms", "caterer", "caterers", "store", "stores", "retailer", "consultant",
            "consultants", "specialist", "specialists", "studio", "studios", "trainer", "trainers");
    private static final Set<String> QUESTION_WORDS = Set.of("how", "what", "why", "when", "where", "who", "which", "guide",
            "tutorial", "tips", "ideas", "meaning", "definition", "examples", "benefits");

    /** The intent of {@code term}. */
    public static SearchIntent of(String term) {
        List<String> words = Terms.words(term);
        String text = " " + String.join(" ", words) + " ";
        if (words.stream().anyMatch(NAVIGATIONAL_WORDS::contains) || text.contains(" sign in ")) return NAVIGATIONAL;
        if (LOCAL_PHRASES.stream().anyMatch(p -> text.contains(" " + p + " "))) return LOCAL;
        if (words.stream().anyMatch(QUESTION_WORDS::contains)) return INFORMATIONAL;
        if (words.stream().anyMatch(TRANSACTIONAL_WORDS::contains) || text.contains(" for sale ")) return TRANSACTIONAL;
        if (words.stream().anyMatch(COMMERCIAL_WORDS::contains) || PROVIDER_WORDS.contains(words.getLast())) return COMMERCIAL;
        return INFORMATIONAL;
    }


    /**
     * A question people ask, as the search box completes it: it starts with a question word or "best",
     * compares ("… vs …"), or asks for a place ("… near me"). The lexical source never forms one, so
     * offline there are none.
     */
    public static boolean isQuestion(String term) {
        List<String> words = Terms.words(term);
        if (words.size() < 2) return false;
        String text = " " + String.join(" ", words) + " ";
        return Terms.QUESTION_WORDS.contains(words.getFirst()) || words.getFirst().equals("best") || text.contains(" vs ") || text.contains(" versus ")
                || text.endsWith(" near me ");
    }

    /** The wire form: "commercial". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
