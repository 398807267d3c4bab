package com.keywordtrend.keywords;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a searcher typing a keyword most likely wants, by the first rule that matches its words
 * (docs/keyword-scoring.md). Rules, not a model: each can be read, argued with and tested.
 */
public enum SearchIntent {
    /** Looking for one site or account: "login", "website", "official". */
    NAVIGATIONAL,
    /** Looking for a place nearby: "near me", "nearby", "local", "open now", or "in" a place ("best bakery in brooklyn"). */
    LOCAL,
    /** Ready to act: "buy", "price", "cost", "book", "hire", "quote", "order", "delivery", "for sale", "free trial", or a term that starts with such a verb. */
    TRANSACTIONAL,
    /**
     * Choosing between offers: "best", "review", "vs", "compare", "alternative", "affordable", a provider
     * ("clinic", "lawyer", "software"), or a good or paid service named alone ("wedding cakes", "teeth whitening").
     */
    COMMERCIAL,
    /** Learning about a topic: questions, guides, a field or concept ("orthodontics", "net metering"), and every other term. */
    INFORMATIONAL;

    private static final Set<String> NAVIGATIONAL_WORDS = Set.of("login", "signin", "website", "site", "portal", "official", "homepage");
    private static final List<String> LOCAL_PHRASES = List.of("near me", "nearby", "local", "open now", "in my area", "directions");
    private static final Set<String> TRANSACTIONAL_WORDS = Set.of("buy", "price", "prices", "pricing", "cost", "costs", "cheap",
            "deal", "deals", "discount", "coupon", "order", "book", "booking", "hire", "quote", "quotes", "subscription",
            "subscribe", "rent", "rental", "purchase", "shop", "sale", "trial", "fee", "fees", "financing", "delivery", "download",
            "appointment");
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

    /** A term that starts with one of these asks to do it now: "send money abroad", "open business account". */
    private static final Set<String> ACTION_VERBS = Set.of("buy", "order", "book", "hire", "get", "send", "open", "rent",
            "download", "call", "schedule", "subscribe", "reserve");
    /** Head nouns that name something to learn, not to buy: "dental implant procedure", "invoice template". */
    private static final Set<String> KNOWLEDGE_NOUNS = Set.of("procedure", "process", "template", "templates", "requirement",
            "requirements", "rule", "rules", "law", "laws", "symptom", "symptoms", "sign", "signs", "recipe", "recipes",
            "history", "deadline", "rate", "rates", "architecture", "theory", "course", "example", "exercises", "exercise");
    /** Products people buy by name: apps and tools are software, kits and sets are goods. */
    private static final Set<String> PRODUCT_NOUNS = Set.of("app", "apps", "tool", "tools", "kit", "kits", "classes", "class",
            "catering");
    /** Words that end a term's first noun phrase: its head is the word before ("yoga for beginners" is about yoga). */
    private static final Set<String> PHRASE_ENDS = Set.of("for", "and", "in", "with", "of", "to", "on", "at", "by", "from");

    /** A site's address in the term: "booking.com", "monday.com pricing". */
    private static final java.util.regex.Pattern DOMAIN = java.util.regex.Pattern.compile("\\b[a-z0-9-]+\\.(com|org|net|io|co|app)\\b");

    /** The intent of {@code term}. */
    public static SearchIntent of(String term) {
        List<String> words = Terms.words(term);
        if (words.isEmpty()) return INFORMATIONAL;
        String text = " " + String.join(" ", words) + " ";
        if (words.stream().anyMatch(NAVIGATIONAL_WORDS::contains) || text.contains(" sign in ")
                || DOMAIN.matcher(term.toLowerCase(Locale.ROOT)).find()) return NAVIGATIONAL;
        if (LOCAL_PHRASES.stream().anyMatch(p -> text.contains(" " + p + " ")) || Lexicon.namesAPlaceAfterIn(words)) return LOCAL;
        if (words.stream().anyMatch(QUESTION_WORDS::contains)) return INFORMATIONAL;
        if (words.stream().anyMatch(TRANSACTIONAL_WORDS::contains) || text.contains(" for sale ")
                || ACTION_VERBS.contains(words.getFirst()) && words.size() > 1) return TRANSACTIONAL;
        if (words.stream().anyMatch(COMMERCIAL_WORDS::contains) || PROVIDER_WORDS.contains(words.getLast())) return COMMERCIAL;
        String head = head(words);
        if (KNOWLEDGE_NOUNS.contains(head)) return INFORMATIONAL;
        if (PRODUCT_NOUNS.contains(head) || Lexicon.isGoodOrService(head)) return COMMERCIAL;
        return INFORMATIONAL;
    }

    /** The head noun of a term's first noun phrase: its last word before a preposition or "and". */
    static String head(List<String> words) {
        int end = words.size();
        for (int i = 1; i < words.size(); i++) {
            if (PHRASE_ENDS.contains(words.get(i))) {
                end = i;
                break;
            }
        }
        return words.get(end - 1);
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
