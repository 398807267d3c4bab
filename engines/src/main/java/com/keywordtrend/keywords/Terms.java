package com.keywordtrend.keywords;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** How a phrase becomes a keyword: its display form, its identity key, and whether it is worth keeping. */
public final class Terms {
    public static final int MAX_WORDS = 5;

    static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
            "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
            "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
            "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it",
            "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once",
            "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such",
            "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
            "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
            "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "via", "vs",
            "etc", "also", "using", "based", "powered", "driven", "new", "best", "top", "list", "category", "disambiguation");

    /** Words a question starts with. */
    static final Set<String> QUESTION_WORDS = Set.of("how", "what", "why", "when", "where", "who", "which", "can", "does",
            "do", "is", "are", "should");

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}&+#]+");
    private static final Pattern PARENTHETICAL = Pattern.compile("\\s*\\([^)]*\\)");
    /** Display splits where identity does, except at a hyphen (kept inside a word, dropped at its edges). */
    // an apostrophe within a word stays ("men's haircuts"); one at its edge goes, as an edge hyphen does
    private static final Pattern DISPLAY_SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}&+#'’-]+");
    private static final Pattern EDGE_HYPHENS = Pattern.compile("^[-'’]+|[-'’]+$");

    private Terms() {
    }

    /** Words of a phrase, lower-cased, punctuation removed (hyphens split words: "AI-powered" → ai, powered). */
    public static List<String> words(String phrase) {
        String text = Normalizer.normalize(PARENTHETICAL.matcher(phrase).replaceAll(" "), Normalizer.Form.NFKC);
        return Arrays.stream(NON_WORD.split(text.toLowerCase(Locale.ROOT)))
                .filter(w -> !w.isEmpty())
                .toList();
    }

    /**
     * The display form: words joined by one space, lower case except acronyms as written (AI, SEO, MRI);
     * a hyphen inside a word stays ("same-day", "e-commerce", "cross-border": people search them so).
     */
    public static String display(String phrase) {
        String text = Normalizer.normalize(PARENTHETICAL.matcher(phrase).replaceAll(" "), Normalizer.Form.NFKC);
        List<String> out = new ArrayList<>();
        for (String token : DISPLAY_SEPARATOR.split(text)) {
            String raw = EDGE_HYPHENS.matcher(token).replaceAll("");
            if (raw.isEmpty()) continue;
            List<String> parts = new ArrayList<>();
            for (String part : raw.split("-+")) parts.add(isAcronym(part) ? part : part.toLowerCase(Locale.ROOT));
            out.add(String.join("-", parts));
        }
        return String.join(" ", out);
    }

    static boolean isAcronym(String word) {
        return word.length() >= 2 && word.length() <= 5 && word.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c))
                && word.chars().anyMatch(Character::isLetter);
    }

    /** Identity of a keyword: stems of its content words, sorted, so plural/singular, order and punctuation do not matter. */
    public static String key(String phrase) {
        TreeSet<String> stems = new TreeSet<>();
        for (String word : words(phrase)) {
            // "best dental clinic" is another search than "dental clinic" (one who chooses, one who looks)
            if (!STOP_WORDS.contains(word) || word.equals("best")) stems.add(stem(word));
        }
        return String.join(" ", stems);
    }

    /** The phrase with its spaces closed up, stemmed: makes "health care" and "healthcare" one keyword. */
    public static String compact(String phrase) {
        return stem(String.join("", words(phrase)));
    }

    /** Whether {@code text} holds {@code phrase} as whole words, both as displayed and case folded; never a blank phrase. */
    public static boolean containsPhrase(String text, String phrase) {
        String wanted = display(phrase).toLowerCase(Locale.ROOT);
        return !wanted.isBlank() && (" " + display(text).toLowerCase(Locale.ROOT) + " ").contains(" " + wanted + " ");
    }

    /** Content-word stems, for overlap and similarity. */
    public static Set<String> stems(String phrase) {
        Set<String> stems = new TreeSet<>();
        for (String word : words(phrase)) {
            // "best dental clinic" is another search than "dental clinic" (one who chooses, one who looks)
            if (!STOP_WORDS.contains(word) || word.equals("best")) stems.add(stem(word));
        }
        return stems;
    }

    /** A light English stemmer: enough to merge plurals and common suffixes (diagnostics/diagnostic, imaging/image). */
    static String stem(String word) {
        String w = word;
        if (w.length() > 4 && w.endsWith("ies")) w = w.substring(0, w.length() - 3) + "y";
        else if (w.length() > 4 && w.endsWith("sses")) w = w.substring(0, w.length() - 2);
        else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.substring(0, w.length() - 1);
        if (w.length() > 5 && w.endsWith("ing")) w = w.substring(0, w.length() - 3);
        else if (w.length() > 5 && w.endsWith("ed")) w = w.substring(0, w.length() - 2);
        if (w.length() > 4 && w.endsWith("e")) w = w.substring(0, w.length() - 1);
        return w;
    }

    /** A phrase worth offering: 1–5 words, some content word, not a number or a fragment. */
    public static boolean acceptable(String phrase) {
        List<String> words = words(phrase);
        if (words.isEmpty() || words.size() > MAX_WORDS) return false; // "near me" and "best" count too
        // "near me" is how people ask for a place nearby, "best" how they choose: the phrase with it must stand on its own
        if (words.size() > 2 && words.get(words.size() - 2).equals("near") && words.getLast().equals("me")) {
            return acceptable(String.join(" ", words.subList(0, words.size() - 2)));
        }
        if (words.size() > 1 && words.getFirst().equals("best")) return acceptable(String.join(" ", words.subList(1, words.size())));
        if (words.stream().allMatch(STOP_WORDS::contains)) return false;
        // at the edges, a hyphenated word counts whole: "same-day implants" is no fragment, "of implants" is;
        // a question people ask may start with its question word ("how accurate are AI diagnostics")
        String[] tokens = display(phrase).toLowerCase(Locale.ROOT).split(" ");
        boolean question = tokens.length >= 3 && QUESTION_WORDS.contains(tokens[0]);
        if ((STOP_WORDS.contains(tokens[0]) && !question) || STOP_WORDS.contains(tokens[tokens.length - 1])) return false;
        if (words.stream().allMatch(w -> w.chars().allMatch(Character::isDigit))) return false;
        String joined = String.join("", words);
        return joined.length() >= 3 && joined.chars().anyMatch(Character::isLetter);
    }
}
