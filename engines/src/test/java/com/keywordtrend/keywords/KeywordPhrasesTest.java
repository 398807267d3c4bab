package com.keywordtrend.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Phrases people search: hyphenated words whole, no lone fragment of a seed phrase, no modifier moved onto another noun. */
class KeywordPhrasesTest {

    static List<String> offline(String industry, String usp, String... services) {
        return new KeywordDiscovery(List.of(new LexicalSource()), 50, Duration.ofSeconds(30))
                .discover(new Seeds(industry, usp, List.of(services)), Instant.now().plusSeconds(30))
                .keywords().stream().map(KeywordScorer.Keyword::term).toList();
    }

    @Test
    void hyphenated_words_stay_whole_and_one_with_their_spaced_form() {
        assertEquals("same-day dental implants", Terms.display("Same-day dental implants"));
        assertEquals("e-commerce", Terms.display("e-commerce"));
        assertEquals("AI-powered diagnostics", Terms.display("AI-powered diagnostics"));
        assertEquals("cross-border", Terms.display("-cross-border-"));
        assertEquals(Terms.key("same day"), Terms.key("same-day"));
    }

    @Test
    void no_lone_fragment_of_a_seed_phrase_nor_a_modifier_on_another_noun() {
        List<String> dental = offline("dental clinic", "same-day dental implants", "implants", "teeth whitening", "orthodontics");
        assertTrue(dental.contains("same-day dental implants"), dental.toString());
        for (String broken : List.of("day", "same", "day dental implants", "dental clinic day dental implants", "teeth", "whitening")) {
            assertFalse(dental.contains(broken), broken + " in " + dental);
        }
        List<String> security = offline("cybersecurity", "zero-trust for small business", "penetration testing", "managed detection");
        for (String broken : List.of("zero", "trust", "small", "business", "detection", "penetration", "zero penetration testing",
                "zero managed detection", "nil", "cipher")) {
            assertFalse(security.contains(broken), broken + " in " + security);
        }
        List<String> fintech = offline("fintech", "instant cross-border payments", "remittances", "currency exchange");
        assertTrue(fintech.stream().anyMatch(t -> t.contains("cross-border")), fintech.toString());
        for (String broken : List.of("border", "cross", "instant", "blink of an eye", "instant remittances", "borderline")) {
            assertFalse(fintech.contains(broken), broken + " in " + fintech);
        }
    }
}
