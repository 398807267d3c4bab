package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md is the landing page and docs/ holds one page per topic: every relative link in them
 * leads to a file that exists and, when it names a heading, to a heading that exists (as GitHub
 * makes its anchor), and the landing page links every page.
 */
class DocsLinksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

    @Test
    void the_readme_is_a_landing_page_of_at_most_200_lines_linking_every_docs_page() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.lines().count() <= 200, readme.lines().count() + " lines");
        for (Path page : pages()) {
            if (page.getParent().equals(ROOT)) continue;
            assertTrue(readme.contains("](docs/" + page.getFileName() + ")"), "README.md does not link " + ROOT.relativize(page));
        }
    }

    @Test
    void every_link_in_the_readme_and_docs_leads_to_a_file_and_heading_that_exist() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            List<String> links = links(Files.readString(page));
            checked += links.size();
            broken.addAll(brokenLinks(page, links));
        }
        System.out.printf("DOCS %d pages, %d links checked%n", pages().size(), checked);
        assertEquals(List.of(), broken);
        assertTrue(checked > 20, "the pages link one another: " + checked);
    }

    @Test
    void the_checker_finds_a_missing_file_and_a_missing_heading() throws IOException {
        Path page = ROOT.resolve("docs/contract.md");
        assertEquals(List.of("docs/contract.md → no-such-page.md", "docs/contract.md → insights.md#no-such-heading",
                        "docs/contract.md → #no-such-heading"),
                brokenLinks(page, links("[a](no-such-page.md) [b](insights.md#no-such-heading) [c](#no-such-heading) "
                        + "[d](insights.md#the-judged-set) [e](https://example.org/x) ```\n[f](inside-a-fence.md)\n```")));
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The link targets of a page, outside code fences. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        String[] parts = markdown.split("```", -1);
        for (int i = 0; i < parts.length; i += 2) { // even parts are outside the fences
            Matcher m = LINK.matcher(parts[i]);
            while (m.find()) targets.add(m.group(1));
        }
        return targets;
    }

    static List<String> brokenLinks(Path page, List<String> targets) throws IOException {
        List<String> broken = new ArrayList<>();
        for (String target : targets) {
            if (target.matches("(?i)(https?|mailto):.*")) continue;
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
            boolean ok = Files.exists(linked) && linked.startsWith(ROOT);
            if (ok && hash >= 0) ok = Files.isRegularFile(linked) && anchors(Files.readString(linked)).contains(target.substring(hash + 1));
            if (!ok) broken.add(ROOT.relativize(page) + " → " + target);
        }
        return broken;
    }

    /** The anchors GitHub makes of a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    static List<String> anchors(String markdown) {
        List<String> anchors = new ArrayList<>();
        String[] parts = markdown.split("```", -1);
        for (int i = 0; i < parts.length; i += 2) {
            parts[i].lines().filter(l -> l.matches("#{1,6} .*")).forEach(l -> anchors.add(l.replaceFirst("#{1,6} ", "")
                    .strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-')));
        }
        return anchors;
    }
}
