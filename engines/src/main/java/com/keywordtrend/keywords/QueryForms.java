package com.keywordtrend.keywords;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The forms people search a business's offer in, by intent, as keyword research practice lists them
 * (Google's rater guidelines' visit-in-person and do queries; Ahrefs' and Semrush's intent modifiers):
 * local ("plumber near me") for a business that serves people in person, transactional ("teeth
 * whitening cost", "wedding cake prices") for a paid service or a good, commercial ("best bakery",
 * "best business accounts"). Each says it is a form ({@link Candidate#origin()}): a form is no
 * evidence that anyone searches it, so it weighs less than the user's own phrases.
 */
final class QueryForms {
    /** How a form's origin starts: it is built on one of the user's own phrases. */
    static final String FORM = "form: ";

    /** Whether a candidate of this origin is a form built on the user's own phrase (so as relevant as the phrase, if less searched). */
    static boolean isForm(String origin) {
        return origin != null && origin.startsWith(FORM);
    }

    static final String NEAR_ME = FORM + "near me";
    static final String COST = FORM + "cost";
    static final String PRICES = FORM + "prices";
    static final String BEST = FORM + "best";
    static final String PROVIDER = "WordNet: who provides it";
    static final String SHORTENED = "your words, shortened";
    static final String SERVICES = FORM + "services";
    static final String ONLINE = FORM + "online";
    static final String FOR_THE_OCCASION = FORM + "for the occasion";
    static final String WHO_HELPS = FORM + "who helps with it";
    /** A service as the USP names it more fully ("implants" → "dental implants"). */
    static final String FULLER = "your words, as the USP names them";

    /** Relevance of a form, against 0.95 for the service it is built on. */
    static final double RELEVANCE = 0.6;
    /** Relevance of a USP phrase with a modifier left out: judged by meaning, as a source's find is. */
    static final double SHORTENED_RELEVANCE = 0.7;

    /** Relevance of the name of who provides the service: a synonym of the business, as WordNet's derivations give it. */
    static final double PROVIDER_RELEVANCE = 0.8;

    /** Words that say a business is reached online, where "near me" means nothing. */
    private static final Set<String> ONLINE_WORDS = Set.of("online", "software", "app", "apps", "platform", "e-commerce",
            "ecommerce", "digital", "saas", "cloud", "virtual", "remote", "internet", "web", "fintech", "cybersecurity");

    private QueryForms() {
    }

    static List<Candidate> of(Seeds seeds) {
        List<Candidate> out = new ArrayList<>();
        List<String> uspPhrases = Lexicon.nounPhrases(seeds.usp());
        boolean inPerson = servesInPerson(seeds, uspPhrases);
        String in = seeds.location() == null ? null : " in " + seeds.location();
        industryForms(out, Terms.display(seeds.industry()), inPerson, in);
        String person = inPerson ? placeOrPersonOfTheUsp(out, Terms.display(seeds.usp()), uspPhrases) : null;
        shortenedUsp(out, Terms.display(seeds.usp()), uspPhrases);
        String industry = Terms.display(seeds.industry());
        // a product business's services are searched as that product: "invoicing software", "expense tracking app"
        String product = PRODUCT_HEADS.contains(lastWord(industry)) ? lastWord(industry) : null;
        // whom the USP names ("for freelancers", "for small business") is searched with the offer
        String audience = audience(seeds.usp());
        if (audience != null) add(out, industry + " for " + audience, industry, RELEVANCE, FOR_YOUR_CUSTOMERS);
        for (String service : seeds.keyServices()) {
            String s = Terms.display(service);
            if (product != null && !s.endsWith(" " + product)) add(out, s + " " + product, s, RELEVANCE, FORM + product);
            if (audience != null) add(out, s + " for " + audience, s, RELEVANCE, FOR_YOUR_CUSTOMERS);
            if (!s.contains(" ") && LexicalSource.ambiguous(s)) continue;
            serviceForms(out, s, fullest(s, uspPhrases), industry, inPerson, in, person, product);
        }
        return out;
    }

    /** The industry, and who practises it, as searched: nearby, the best, with its price, as services. */
    private static void industryForms(List<Candidate> out, String industry, boolean inPerson, String in) {
        String provider = Lexicon.provider(industry);
        if (provider != null) add(out, provider, industry, PROVIDER_RELEVANCE, PROVIDER);
        if (in != null) add(out, (provider != null ? provider : industry) + in, industry, RELEVANCE, IN_A_PLACE);
        if (inPerson) {
            // people look for the trade and for who practises it: "plumbing near me", "plumber near me"
            add(out, industry + " near me", industry, RELEVANCE, NEAR_ME);
            if (provider != null) add(out, provider + " near me", industry, RELEVANCE, NEAR_ME);
            if (Lexicon.isPlaceOfBusiness(lastWord(industry))) {
                add(out, "best " + industry, industry, RELEVANCE, BEST);
                add(out, industry + " prices", industry, RELEVANCE, PRICES); // what a visit costs: "dental clinic prices"
            }
            if (provider != null) add(out, "best " + provider, industry, RELEVANCE, BEST);
        } else if (Lexicon.offerKind(lastWord(industry)) != null) {
            add(out, "best " + industry, industry, RELEVANCE, BEST);
        }
        // a trade with a practitioner (catering, a caterer) is searched with its price and as services: "catering cost"
        if (provider != null && "noun.act".equals(Lexicon.offerKind(lastWord(industry)))) {
            add(out, industry + " cost", industry, RELEVANCE, COST);
            if (inPerson) add(out, industry + " prices", industry, RELEVANCE, PRICES);
            add(out, industry + " services", industry, RELEVANCE, SERVICES);
        }
    }

    /**
     * The place or the person the USP says a business met in person is ("24-hour boutique gym",
     * "fixed-fee immigration lawyers"), searched alone, nearby and as the best; returns the first
     * person named ("immigration lawyer"), who helps with a service WordNet does not call one, or null.
     */
    private static String placeOrPersonOfTheUsp(List<Candidate> out, String usp, List<String> uspPhrases) {
        String person = null;
        for (String phrase : uspPhrases) {
            String head = Lexicon.baseForm(lastWord(phrase));
            boolean isPerson = Lexicon.isPerson(head);
            if (!isPerson && !Lexicon.isPlaceOfBusiness(lastWord(phrase))) continue;
            String[] words = phrase.split(" ");
            String named = words.length >= 2 ? words[words.length - 2] + " " + head : head;
            add(out, named + " near me", usp, RELEVANCE, NEAR_ME);
            add(out, "best " + named, usp, RELEVANCE, BEST);
            if (isPerson) {
                add(out, named + " cost", usp, RELEVANCE, COST);
                if (person == null) person = named;
            }
            if (!named.equals(head)) {
                // the place or the person alone is the business, no fragment of its USP: "gym", "lawyer"
                add(out, head, usp, SHORTENED_RELEVANCE, SHORTENED);
                if (!isPerson) {
                    add(out, head + " near me", usp, RELEVANCE, NEAR_ME);
                    add(out, "best " + head, usp, RELEVANCE, BEST);
                }
            }
        }
        return person;
    }

    /** The USP's noun phrases shortened as people shorten them: "same-day dental implants" → "dental implants", "same-day implants". */
    private static void shortenedUsp(List<Candidate> out, String usp, List<String> uspPhrases) {
        for (String phrase : uspPhrases) {
            String[] words = phrase.split(" ");
            if (words.length < 3) continue;
            String head = words[words.length - 1];
            add(out, words[words.length - 2] + " " + head, usp, SHORTENED_RELEVANCE, SHORTENED);
            // a number qualifies the whole phrase, never the head alone ("24/7 emergency plumbers" is no "24 plumbers")
            if (!words[0].matches("[\\d/]+")) add(out, words[0] + " " + head, usp, SHORTENED_RELEVANCE, SHORTENED);
        }
    }

    /**
     * One service ({@code s}, as the USP names it: {@code phrase}) as searched, by what WordNet says it
     * is: an occasion, a field with a practitioner, a concept sold all the same, or a good or an act.
     */
    private static void serviceForms(List<Candidate> out, String s, String phrase, String industry, boolean inPerson,
                                     String in, String person, String product) {
        String head = lastWord(phrase);
        String singular = phrase.substring(0, phrase.length() - head.length()) + Lexicon.baseForm(head);
        if (isOccasion(head)) {
            // an occasion the business serves is searched with the business: weddings → "wedding catering"
            String served = singular + " " + industry;
            add(out, served, s, RELEVANCE, FOR_THE_OCCASION);
            if (inPerson) add(out, served + " near me", s, RELEVANCE, NEAR_ME);
            return;
        }
        if (!phrase.equals(s)) add(out, phrase, s, SHORTENED_RELEVANCE, FULLER); // "implants" as the USP names them: "dental implants"
        String kind = Lexicon.offerOrPossessionKind(head);
        // a field's practitioner: orthodontics → orthodontist; none for a product's service (the software files the tax)
        String serviceProvider = kind == null && product == null ? Lexicon.provider(phrase) : null;
        if (serviceProvider != null) {
            add(out, serviceProvider, s, PROVIDER_RELEVANCE, PROVIDER);
            if (inPerson) add(out, serviceProvider + " near me", s, RELEVANCE, NEAR_ME);
            if (in != null) add(out, serviceProvider + in, s, RELEVANCE, IN_A_PLACE);
            add(out, phrase + " cost", s, RELEVANCE, COST);
            return;
        }
        if (kind == null) {
            // not a good or a service in WordNet's eyes (a visa, yoga, balayage): what the user sells all the same,
            // searched with who helps with it, nearby, or online
            if (inPerson && person != null) {
                add(out, singular + " " + lastWord(person), s, RELEVANCE, WHO_HELPS);
                add(out, singular + " " + lastWord(person) + " near me", s, RELEVANCE, NEAR_ME);
            } else if (inPerson) {
                add(out, phrase + " near me", s, RELEVANCE, NEAR_ME);
                add(out, phrase + " cost", s, RELEVANCE, COST); // what the user sells has a price: "balayage cost"
            } else if (product == null) {
                add(out, "best " + phrase, s, RELEVANCE, BEST);
                add(out, phrase + " online", s, RELEVANCE, ONLINE);
            }
            if (in != null) add(out, phrase + in, s, RELEVANCE, IN_A_PLACE);
            return;
        }
        if (kind.equals("noun.act")) {
            add(out, singular + " cost", s, RELEVANCE, COST);
        } else if (!kind.equals("noun.possession")) {
            add(out, singular + " prices", s, RELEVANCE, PRICES);
        }
        if (inPerson) {
            add(out, phrase + " near me", s, RELEVANCE, NEAR_ME);
        } else {
            add(out, "best " + phrase, s, RELEVANCE, BEST);
            // a trade with a practitioner (penetration testing, a penetration tester) is bought as services
            if (product == null && kind.equals("noun.act") && Lexicon.provider(phrase) != null) add(out, phrase + " services", s, RELEVANCE, SERVICES);
            else if (product == null && !kind.equals("noun.act")) add(out, phrase + " online", s, RELEVANCE, ONLINE);
        }
        if (in != null) add(out, phrase + in, s, RELEVANCE, IN_A_PLACE);
    }

    /** An event people hire for (a wedding, a corporate event), not something they buy. */
    static boolean isOccasion(String noun) {
        String base = Lexicon.baseForm(noun);
        return base.equals("event") || "noun.event".equals(Lexicon.kind(base));
    }

    /**
     * A one-word service as the USP names it more fully: "implants" of "same-day dental implants" is
     * "dental implants" (the head and the word before it), which is what people search.
     */
    static String fullest(String service, List<String> uspPhrases) {
        if (service.contains(" ")) return service;
        for (String phrase : uspPhrases) {
            List<String> words = List.of(phrase.split(" "));
            if (words.size() >= 2 && Terms.key(words.getLast()).equals(Terms.key(service))) {
                return String.join(" ", words.subList(words.size() - 2, words.size())).replaceFirst("^[^ ]*-[^ ]* ", "");
            }
        }
        return service;
    }

    /** Heads of an industry that is a product, whose services people search as that product. */
    private static final Set<String> PRODUCT_HEADS = Set.of("software", "app", "platform", "tool", "tools");

    /** The origin of a form with whom the USP serves: "invoicing for freelancers". */
    static final String FOR_YOUR_CUSTOMERS = FORM + "for your customers";

    /**
     * Whom a USP says the business serves: the noun phrase after its last "for" ("automated
     * bookkeeping for freelancers" → freelancers), of one or two words; null when it names nobody.
     */
    static String audience(String usp) {
        List<String> words = List.of(Terms.display(usp).split(" "));
        int at = words.lastIndexOf("for");
        if (at < 1 || at == words.size() - 1) return null;
        List<String> after = words.subList(at + 1, words.size());
        if (after.size() > 2) return null;
        List<String> phrases = Lexicon.nounPhrases(String.join(" ", after));
        return phrases.size() == 1 && phrases.getFirst().equals(String.join(" ", after)) ? phrases.getFirst() : null;
    }

    /** The origin of a form with the request's location: "plumber in Shoreditch". */
    static final String IN_A_PLACE = FORM + "in your location";

    /** A business whose inputs say nothing of being online, and whose industry WordNet knows as a good, a service or a place. */
    static boolean servesInPerson(Seeds seeds, List<String> uspPhrases) {
        if (seeds.location() != null) return true; // the user told us where its customers are
        List<String> words = new ArrayList<>(Terms.words(seeds.industry()));
        words.addAll(Terms.words(seeds.usp()));
        seeds.keyServices().forEach(s -> words.addAll(Terms.words(s)));
        String all = " " + String.join(" ", words) + " ";
        if (ONLINE_WORDS.stream().anyMatch(w -> all.contains(" " + w + " ") || all.contains(" " + w.replace("-", " ") + " "))) return false;
        String head = lastWord(Terms.display(seeds.industry()));
        if (Lexicon.offerKind(head) != null || Lexicon.isPlaceOfBusiness(head) || Lexicon.provider(seeds.industry()) != null) return true;
        // a place or a person in the USP or a service: "24-hour boutique gym", "fixed-fee immigration lawyers"
        List<String> phrases = new ArrayList<>(uspPhrases);
        seeds.keyServices().forEach(s -> phrases.add(Terms.display(s)));
        if (phrases.stream().map(QueryForms::lastWord).anyMatch(w -> Lexicon.isPlaceOfBusiness(w) || Lexicon.isPerson(w))) return true;
        // work done at the customer's home: "home solar panel installation"
        return Terms.words(seeds.usp()).contains("home") && uspPhrases.stream().map(QueryForms::lastWord)
                .anyMatch(w -> "noun.act".equals(Lexicon.offerKind(w)));
    }

    private static String lastWord(String phrase) {
        String[] words = phrase.split(" ");
        return words[words.length - 1].toLowerCase(Locale.ROOT);
    }

    private static void add(List<Candidate> out, String term, String theme, double relevance, String origin) {
        if (Terms.acceptable(term)) out.add(new Candidate(term, "lexical", relevance, Double.NaN, theme, origin));
    }
}
