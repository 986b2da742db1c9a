package io.bourse.core.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.testing.TestParameters;
import io.bourse.core.types.Amount;
import java.math.BigDecimal;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

// covers: C6 (parameters document), C9 (operator limits), C3 (quorum intersection)
class ParametersJsonTest {

    static String edited(int signers, Consumer<ObjectNode> edit) {
        ObjectNode tree = TestParameters.tree(signers);
        edit.accept(tree);
        return tree.toString();
    }

    static void refused(ThrowingCallable parse, String field, String reasonPart) {
        assertThatThrownBy(parse).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).containsIgnoringCase(reasonPart);
            assertThat(e.getMessage()).startsWith(field + ": ");
        });
    }

    @Property(tries = 12)
    void aValidDocumentRendersCanonically(@ForAll @IntRange(min = 2, max = 13) int signers) {
        NetworkParameters p = TestParameters.of(signers);
        String json = p.toJson();
        NetworkParameters parsed = ParametersJson.parse(json);
        assertThat(parsed).isEqualTo(p);
        assertThat(ParametersJson.render(parsed)).isEqualTo(json);
        assertThat(parsed.hash()).isEqualTo(p.hash());
        assertThat(parsed.blockSigners()).hasSize(signers);
        assertThat(2 * parsed.quorum()).isGreaterThan(signers);
    }

    @Test
    void anEquivalentButNonCanonicalDocumentParsesToTheSameParameters() {
        NetworkParameters p = TestParameters.of(4);
        String reordered = edited(4, o -> {
            o.put("blockProductionReward", new BigDecimal("10"));   // a whole JSON number instead of "10"
            o.put("exchangeFee", "0.0010");                          // trailing zero
            o.put("blockGenerationTime", new BigDecimal("1.000"));   // a JSON decimal, not money
            ((ObjectNode) o.get("blockGenerator")).remove("address"); // address is optional
        });
        NetworkParameters parsed = ParametersJson.parse(reordered);
        assertThat(parsed).isEqualTo(p);
        assertThat(parsed.toJson()).isEqualTo(p.toJson());
    }

    @Test
    void theCanonicalDocumentKeepsMoneyAndFractionsAsStrings() {
        ObjectNode o = TestParameters.tree(4);
        assertThat(o.get("blockProductionReward").textValue()).isEqualTo("10");
        assertThat(o.get("contractMinimumSharePrice").textValue()).isEqualTo("1");
        assertThat(o.get("exchangeFee").textValue()).isEqualTo("0.001");
        assertThat(o.get("blockGenerationTime").textValue()).isEqualTo("1");
        assertThat(o.get("blockMinimumSigners").isInt()).isTrue();
    }

    @Test
    void anUnknownFieldIsRefusedByName() {
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("blockSpeed", 3))), "blockSpeed", "not a known");
    }

    @Test
    void anUnknownFieldInsideASignerIsRefusedByPath() {
        refused(() -> ParametersJson.parse(edited(4, o ->
                ((ObjectNode) o.withArray("blockSigners").get(1)).put("weight", 2))), "blockSigners[1].weight", "not a known");
    }

    @Test
    void aDuplicatedFieldIsRefusedByName() {
        String json = TestParameters.of(4).toJson();
        String dup = json.substring(0, json.length() - 1) + ",\"exchangeFee\":\"0.002\"}";
        refused(() -> ParametersJson.parse(dup), "parameters", "exchangeFee");
    }

    @Test
    void aMissingFieldIsRefusedByName() {
        refused(() -> ParametersJson.parse(edited(4, o -> o.remove("contractFoundersFee"))), "contractFoundersFee", "required");
    }

    @Test
    void aFloatForMoneyIsRefused() {
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("blockProductionReward", new BigDecimal("1.5")))),
                "blockProductionReward", "not a float");
        // the same value as a decimal string is exact, and accepted
        assertThat(ParametersJson.parse(edited(4, o -> o.put("blockProductionReward", "1.5"))).blockProductionReward())
                .isEqualTo(Amount.parse("1.5"));
    }

    @Test
    void moneyWithMoreThanEightDecimalsIsRefused() {
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("contractMinimumSharePrice", "0.000000001"))),
                "contractMinimumSharePrice", "8 decimals");
    }

    @Test
    void aNegativeFeeIsRefused() {
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("contractFoundersFee", "-0.01"))),
                "contractFoundersFee", "between 0 and 1");
    }

    @Test
    void aFeeAboveOneIsRefused() {
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("exchangeFee", "1.01"))), "exchangeFee", "between 0 and 1");
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("contractNetworkOperatorFee", 2))),
                "contractNetworkOperatorFee", "between 0 and 1");
    }

    @Test
    void aFeeFinerThanPartsPerMillionIsRefused() {
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("exchangeFee", "0.0000001"))), "exchangeFee", "6 decimals");
    }

    @Test
    void blockMinimumSignersAtOrAboveTheSignerCountIsRefused() {
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("blockMinimumSigners", 4))),
                "blockMinimumSigners", "less than the 4");
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("blockMinimumSigners", 5))),
                "blockMinimumSigners", "less than the 4");
    }

    @Test
    void aQuorumThatLetsTwoDisjointQuorumsExistIsRefused() {
        // 6 signers, blockMinimumSigners 2: quorum 3, and {1,2,3} and {4,5,6} could each finalise a block
        refused(() -> ParametersJson.parse(edited(6, o -> o.put("blockMinimumSigners", 2))),
                "blockMinimumSigners", "two disjoint quorums");
        // quorum 4 of 6 intersects: accepted
        assertThat(ParametersJson.parse(edited(6, o -> o.put("blockMinimumSigners", 3))).quorum()).isEqualTo(4);
    }

    @Test
    void aDuplicatedSignerIsRefused() {
        refused(() -> ParametersJson.parse(edited(4, o -> {
            ArrayNode signers = o.withArray("blockSigners");
            ObjectNode copy = signers.get(2).deepCopy();
            copy.put("operator", "someone-else");
            signers.set(3, copy);
        })), "blockSigners", "listed twice");
    }

    @Test
    void aGeneratorThatIsNotASignerIsRefused() {
        refused(() -> ParametersJson.parse(edited(4, o -> ((ObjectNode) o.get("blockGenerator"))
                .put("publicKey", TestKeys.key(99).publicKey().hex()).remove("address"))), "blockGenerator", "one of blockSigners");
    }

    @Test
    void aNetworkOperatorRunningTooManySignersIsRefused() {
        // 7 signers, blockMinimumSigners 4: the Network Operator may run at most 1 (2 × 2 ≥ 4)
        String json = edited(7, o -> {
            o.put("blockMinimumSigners", 4);
            ArrayNode signers = o.withArray("blockSigners");
            ((ObjectNode) signers.get(0)).put("operator", "network-operator");
            ((ObjectNode) signers.get(1)).put("operator", "network-operator");
        });
        refused(() -> ParametersJson.parse(json), "blockSigners", "Network Operator");
        String one = edited(7, o -> {
            o.put("blockMinimumSigners", 4);
            ((ObjectNode) o.withArray("blockSigners").get(0)).put("operator", "network-operator");
        });
        assertThat(ParametersJson.parse(one).blockMinimumSigners()).isEqualTo(4);
    }

    @Test
    void anAddressThatDoesNotMatchItsKeyIsRefusedByPath() {
        refused(() -> ParametersJson.parse(edited(4, o -> ((ObjectNode) o.withArray("blockSigners").get(2))
                .put("address", TestKeys.key(50).address().text()))), "blockSigners[2].address", "does not belong");
    }

    @Test
    void aMistypedFeeAddressIsRefusedByPath() {
        refused(() -> ParametersJson.parse(edited(4, o -> {
            ArrayNode a = o.withArray("contractFoundersFeeAddress");
            String text = a.get(0).asText();
            a.set(0, text.substring(0, 10) + (text.charAt(10) == 'a' ? 'b' : 'a') + text.substring(11));
        })), "contractFoundersFeeAddress[0]", "checksum");
    }

    @Test
    void aFeeWithNobodyToPayIsRefused() {
        refused(() -> ParametersJson.parse(edited(4, o -> o.putArray("contractFoundersFeeAddress"))),
                "contractFoundersFeeAddress", "at least one address");
    }

    @Test
    void aNonObjectOrBrokenDocumentIsRefused() {
        refused(() -> ParametersJson.parse("[]"), "parameters", "JSON object");
        refused(() -> ParametersJson.parse("{\"chainId\": "), "parameters", "not valid JSON");
        refused(() -> ParametersJson.parse(TestParameters.of(4).toJson() + " {}"), "parameters", "not valid JSON");
    }

    @Test
    void aWrongTypeIsRefusedByName() {
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("blockMinimumSigners", "2"))),
                "blockMinimumSigners", "whole number");
        refused(() -> ParametersJson.parse(edited(4, o -> o.put("chainId", "Not Valid"))), "chainId", "chain id");
    }

    @Test
    void theFixtureHasDistinctSignersWithTheirOwnOperators() {
        NetworkParameters p = TestParameters.of(5);
        assertThat(p.blockGenerator()).isEqualTo(TestParameters.signers(5).get(0).publicKey());
        assertThat(p.blockSigners()).extracting(Validator::operator).doesNotHaveDuplicates();
        assertThat(p.coinContractOperator()).isEqualTo(TestParameters.coinOperator().publicKey());
        assertThat(p.faultTolerance()).isEqualTo(1);
    }

    @Test
    void rateSourcesAreKeysReadAndRenderedLikeExecutionServers() { // covers: N4
        NetworkParameters p = ParametersJson.parse(edited(4, o -> {
            ArrayNode sources = o.putArray("rateSources");
            sources.addObject().put("publicKey", TestKeys.key(300).publicKey().hex());
            sources.addObject().put("publicKey", TestKeys.key(301).publicKey().hex());
        }));
        assertThat(p.rateSources()).containsExactly(TestKeys.key(300).publicKey(), TestKeys.key(301).publicKey());
        assertThat(p.isRateSource(TestKeys.key(301).publicKey())).isTrue();
        assertThat(p.isRateSource(TestParameters.coinOperator().publicKey())).isFalse();
        assertThat(ParametersJson.parse(p.toJson())).isEqualTo(p);
        assertThat(p.toJson()).contains("\"rateSources\":[{\"publicKey\":\"" + TestKeys.key(300).publicKey().hex()
                + "\",\"address\":\"" + TestKeys.key(300).address().text() + "\"}");
        refused(() -> ParametersJson.parse(edited(4, o -> o.remove("rateSources"))), "rateSources", "required");
    }

    @Test
    void aRateSourceListedTwiceOrTheCoinOperatorAsARateSourceIsRefused() { // covers: N4
        refused(() -> ParametersJson.parse(edited(4, o -> {
            ArrayNode sources = o.putArray("rateSources");
            sources.addObject().put("publicKey", TestKeys.key(300).publicKey().hex());
            sources.addObject().put("publicKey", TestKeys.key(300).publicKey().hex());
        })), "rateSources", "listed twice");
        refused(() -> ParametersJson.parse(edited(4, o -> o.putArray("rateSources").addObject()
                .put("publicKey", TestParameters.coinOperator().publicKey().hex()))), "rateSources",
                "Coin Contract Operator");
        refused(() -> ParametersJson.parse(edited(4, o -> {
            ArrayNode sources = o.putArray("rateSources");
            for (int i = 0; i <= NetworkParameters.MAX_RATE_SOURCES; i++) {
                sources.addObject().put("publicKey", TestKeys.key(400 + i).publicKey().hex());
            }
        })), "rateSources", "at most " + NetworkParameters.MAX_RATE_SOURCES);
    }

    @Test
    void theDefaultRateSourcesAreTheSigners() { // covers: N4
        assertThat(TestParameters.of(4).rateSources()).containsExactlyElementsOf(
                TestKeys.publicKeys(TestParameters.signers(4)));
    }
}
