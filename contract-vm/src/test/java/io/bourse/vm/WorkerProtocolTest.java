package io.bourse.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Failure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The frames between the pool and its workers: pinned bytes, round trips, garbage refused. */
// covers: K6
class WorkerProtocolTest {
    static final HexFormat HEX = HexFormat.of();

    static byte[] frame(IoWriter w) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        w.write(out);
        out.flush();
        return b.toByteArray();
    }

    interface IoWriter {
        void write(DataOutputStream out) throws IOException;
    }

    static DataInputStream in(byte[] b) {
        return new DataInputStream(new ByteArrayInputStream(b));
    }

    @Test
    void helloAndResultFramesHaveFixedBytes() throws IOException {
        assertThat(HEX.formatHex(frame(o -> WorkerProtocol.writeHello(o, "v1"))))
                .isEqualTo("b05548" + "00000006" + "00000002" + "7631");
        TreeMap<String, String> writes = new TreeMap<>();
        writes.put("a", "b");
        writes.put("c", null);
        assertThat(HEX.formatHex(frame(o -> WorkerProtocol.writeResult(o, new CallResult.Completed(List.of("{}"), writes, 7)))))
                .isEqualTo("b05552" + "00000028" + "43" + "00000001" + "00000002" + "7b7d" + "00000002"
                        + "00000001" + "61" + "01" + "00000001" + "62" + "00000001" + "63" + "00" + "0000000000000007");
        assertThat(HEX.formatHex(frame(o -> WorkerProtocol.writeResult(o, new CallResult.Failed(Failure.DEPTH_EXCEEDED, "d", 3)))))
                .as("the failure travels as its code, never its position")
                .isEqualTo("b05552" + "00000020" + "46" + "0000000e" + HEX.formatHex("depth-exceeded".getBytes())
                        + "00000001" + "64" + "0000000000000003");
    }

    @Test
    void blocksCallsAndResultsRoundTrip() throws IOException {
        BlockInput block = new BlockInput(Hash.of(new byte[] {2}), 1_700_000_000_123L, "{\"block\":{\"height\":3}}");
        WorkerProtocol.Frame b = WorkerProtocol.readAny(in(frame(o -> WorkerProtocol.writeBlock(o, block))));
        assertThat(b.type()).isEqualTo(WorkerProtocol.BLOCK);
        assertThat(WorkerProtocol.readBlock(b.payload())).isEqualTo(block);

        ContractCall call = ContractCall.of("function onNewBlock(ctx) {} // é", Address.derived("t", new byte[] {1}), "onClosing",
                block, "{\"coin\":\"1\"}", new TreeMap<>(Map.of("k", "v", "é", "ü")), 42);
        WorkerProtocol.CallFrame withCode = WorkerProtocol.readCall(WorkerProtocol.read(
                in(frame(o -> WorkerProtocol.writeCall(o, call, true))), WorkerProtocol.CALL));
        assertThat(withCode.code()).isEqualTo(call.code());
        assertThat(withCode.blockHash()).isEqualTo(block.blockHash());
        assertThat(withCode.toCall(withCode.code(), block)).isEqualTo(call);
        WorkerProtocol.CallFrame without = WorkerProtocol.readCall(WorkerProtocol.read(
                in(frame(o -> WorkerProtocol.writeCall(o, call, false))), WorkerProtocol.CALL));
        assertThat(without.code()).as("the code is sent once per worker").isNull();
        assertThat(without.toCall(call.code(), block)).isEqualTo(call);

        for (CallResult r : List.of(new CallResult.Completed(List.of("{\"type\":\"x\"}", "{}"), new TreeMap<>(Map.of("a", "1")), 5),
                new CallResult.Failed(Failure.TIMED_OUT, "t", 0), new CallResult.Failed(Failure.STACK_OVERFLOW, "s", 9))) {
            assertThat(WorkerProtocol.readResult(in(frame(o -> WorkerProtocol.writeResult(o, r))))).isEqualTo(r);
        }
        assertThat(WorkerProtocol.readResult(in(frame(WorkerProtocol::writeNeedCode)))).as("asks for the code").isNull();
        assertThat(WorkerProtocol.readAny(in(new byte[0]))).as("a closed stream ends the worker").isNull();
    }

    @Test
    void strayOutputIsNotTakenForAResult() {
        assertThatThrownBy(() -> WorkerProtocol.readResult(in("Terminating due to java.lang.OutOfMemoryError".getBytes())))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> WorkerProtocol.readResult(in(HEX.parseHex("b05552ffffffff"))))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> WorkerProtocol.readResult(in(new byte[0]))).as("a worker that died mid-call")
                .isInstanceOf(IOException.class);
    }
}
