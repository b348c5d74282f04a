package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedInRelayExampleTest {
    @Test
    void readmeSnippetRunsAndMatchesTheReadme(@TempDir final Path dir) throws Exception {
        final byte[] rtp = new byte[1200];
        final int length = RtpPacketBuilder.write(rtp, 1234, 1, 0, 0x123456, 1000);
        EmbedInRelayExample.run(List.of(
            "a=extmap:" + RtpPacketBuilder.AST_ID + " http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
            rtp, length, (session, bytes) -> { }, dir.resolve("bwe.counters"));
        assertThat(dir.resolve("bwe.counters")).exists();

        final Path readme = findReadme();
        final String source = Files.readString(Path.of("src/test/java/dev/bwe/pipeline/EmbedInRelayExample.java"));
        final String snippet = between(source, "// BEGIN README\n", "        // END README");
        final String doc = Files.readString(readme);
        assertThat(normalise(doc)).contains(normalise(snippet));
    }

    private static Path findReadme() {
        Path dir = Path.of("").toAbsolutePath();
        // The project's README, beside the Maven wrapper (pipeline/README.md is the module's own).
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("mvnw")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the project's README.md above the module").isNotNull();
        return dir.resolve("README.md");
    }

    private static String between(final String text, final String begin, final String end) {
        final int from = text.indexOf(begin) + begin.length();
        return text.substring(from, text.indexOf(end, from));
    }

    /** Indentation differs between the source and the README's code block: compare lines trimmed. */
    private static String normalise(final String text) {
        final StringBuilder out = new StringBuilder();
        for (final String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.append(line.strip()).append('\n');
            }
        }
        return out.toString();
    }
}
