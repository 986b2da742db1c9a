package io.bourse.vm.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

// covers: O7
class RecordingTest {
    @Test
    void aRecordingReadsBackToTheSameBytes() throws Exception {
        Recording r = BacktestTest.session();
        String text = r.toJson();
        assertThat(Recording.parse(text).toJson()).isEqualTo(text);
        assertThat(r.blocks()).hasSize(60);
        assertThat(r.blocks().getFirst().contracts()).hasSize(5);
    }

    @Test
    void aBadFieldIsNamedWithItsPath() throws Exception {
        String text = BacktestTest.session().toJson();
        String bad = text.replaceFirst("\"height\" : (\\d+)", "\"height\" : \"x\"");
        assertThatThrownBy(() -> Recording.parse(bad)).hasMessageStartingWith("blocks[0].height:");
        assertThatThrownBy(() -> Recording.parse(text.replace("bourse-recording/1", "other")))
                .hasMessageStartingWith("format:");
        assertThatThrownBy(() -> Recording.parse("[]")).hasMessageContaining("a recording is a JSON object");
    }
}
