package io.coalition.planning.mcdm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.eventlog.TestData;
import io.coalition.planning.PlanningException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** AHP, TOPSIS and grey TOPSIS against ../shared/data/mcdm/oracles.json. */
class McdmOraclesTest {
    static JsonNode oracles;

    @BeforeAll
    static void load() throws IOException {
        oracles = new ObjectMapper().readTree(TestData.require("mcdm/oracles.json").toFile());
    }

    static JsonNode oracle(String name) {
        for (JsonNode o : oracles.get("oracles")) if (o.get("name").asText().equals(name)) return o;
        throw new AssertionError("no oracle " + name);
    }

    /** Builds the matrix from [row, column, value] triples in first-appearance order of the names. */
    static double[][] pairwise(JsonNode triples, List<String> names) {
        for (JsonNode t : triples) {
            if (!names.contains(t.get(0).asText())) names.add(t.get(0).asText());
            if (!names.contains(t.get(1).asText())) names.add(t.get(1).asText());
        }
        int n = names.size();
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) a[i][i] = 1;
        for (JsonNode t : triples) {
            int i = names.indexOf(t.get(0).asText()), j = names.indexOf(t.get(1).asText());
            a[i][j] = t.get(2).asDouble();
            a[j][i] = 1 / t.get(2).asDouble();
        }
        return a;
    }

    @Test
    void ahpyDrinksSaatyPrecision3() {
        checkAhpy("ahpy_drinks_saaty_precision3", RandomIndex.SAATY);
    }

    @Test
    void ahpyDrinksDoneganDoddPrecision4() {
        checkAhpy("ahpy_drinks_dd_precision4", RandomIndex.DONEGAN_DODD);
    }

    void checkAhpy(String name, RandomIndex ri) {
        JsonNode o = oracle(name);
        List<String> names = new ArrayList<>();
        double[][] a = pairwise(o.at("/inputs/pairwise"), names);
        int precision = o.at("/inputs/precision").asInt();
        Ahp.Result r = Ahp.weigh(a, Ahp.Method.EIGENVECTOR, ri, precision);
        double tol = o.at("/tolerance/weights").asDouble();
        o.at("/expected/local_weights").fields().forEachRemaining(e ->
                assertThat(r.weights()[names.indexOf(e.getKey())]).as(e.getKey()).isCloseTo(e.getValue().asDouble(), within(tol + 1e-12)));
        assertThat(r.consistencyRatio()).isCloseTo(o.at("/expected/consistency_ratio").asDouble(), within(o.at("/tolerance/consistency_ratio").asDouble() + 1e-12));
    }

    @Test
    void ahpyCitiesHierarchySynthesis() {
        for (String name : List.of("ahpy_cities_hierarchy_saaty_precision3", "ahpy_cities_hierarchy_dd_precision4")) {
            JsonNode o = oracle(name);
            RandomIndex ri = o.at("/inputs/random_index").asText().equals("saaty") ? RandomIndex.SAATY : RandomIndex.DONEGAN_DODD;
            int precision = o.at("/inputs/precision").asInt();
            JsonNode nodes = o.at("/inputs/pairwise_by_node");
            List<String> criteria = new ArrayList<>();
            Ahp.Result goal = Ahp.weigh(pairwise(nodes.get("criteria (node 'Goal')"), criteria), Ahp.Method.EIGENVECTOR, ri, precision);
            Map<String, Double> target = new LinkedHashMap<>();
            for (int c = 0; c < criteria.size(); c++) {
                List<String> alts = new ArrayList<>();
                Ahp.Result local = Ahp.weigh(pairwise(nodes.get(criteria.get(c)), alts), Ahp.Method.EIGENVECTOR, ri, precision);
                for (int k = 0; k < alts.size(); k++) target.merge(alts.get(k), goal.weights()[c] * local.weights()[k], Double::sum);
            }
            JsonNode expected = o.at("/expected/target_weights");
            double tol = Math.pow(10, -precision) * 1.5;
            expected.fields().forEachRemaining(e -> assertThat(target.get(e.getKey())).as(name + " " + e.getKey()).isCloseTo(e.getValue().asDouble(), within(tol)));
        }
    }

    @Test
    void optimalCompletionOfIncompleteMatrices() {
        for (String name : List.of("ahpy_incomplete_4x4_bozoki", "ahpy_incomplete_8x8_housing_bozoki")) {
            JsonNode o = oracle(name);
            List<String> names = new ArrayList<>();
            double[][] a = pairwise(o.at("/inputs/pairwise"), names);
            names.sort(String::compareTo);
            a = pairwise(o.at("/inputs/pairwise"), names);
            for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) if (a[i][j] == 0) a[i][j] = Double.NaN;
            double[][] c = Ahp.complete(a);
            for (JsonNode e : o.at("/expected/completed_missing_comparisons")) {
                double got = c[names.indexOf(e.get(0).asText())][names.indexOf(e.get(1).asText())];
                assertThat(got).as(name + " " + e).isCloseTo(e.get(2).asDouble(), within(1e-6 * e.get(2).asDouble()));
            }
            if (o.at("/expected/local_weights").isObject()) {
                Ahp.Result r = Ahp.weigh(c, Ahp.Method.EIGENVECTOR, RandomIndex.DONEGAN_DODD, 4);
                o.at("/expected/local_weights").fields().forEachRemaining(e ->
                        assertThat(r.weights()[names.indexOf(e.getKey())]).as(e.getKey()).isCloseTo(e.getValue().asDouble(), within(1e-4 + 1e-12)));
                assertThat(r.consistencyRatio()).isCloseTo(o.at("/expected/consistency_ratio").asDouble(), within(1e-4 + 1e-12));
            }
        }
    }

    @Test
    void pymcdmAhpEigenvector6x6() {
        JsonNode o = oracle("pymcdm_ahp_weights_6x6");
        double[][] a = matrix(o.at("/inputs/matrix"));
        Ahp.Result r = Ahp.weigh(a, Ahp.Method.EIGENVECTOR, RandomIndex.SAATY, -1);
        JsonNode exp = o.at("/expected/weights");
        for (int i = 0; i < a.length; i++) assertThat(r.weights()[i]).isCloseTo(exp.get(i).asDouble(), within(0.0001));
    }

    @Test
    void geometricMeanDiffersFromEigenvectorAsTheOracleNotes() {
        double[][] a = matrix(oracle("pymcdm_ahp_weights_6x6").at("/inputs/matrix"));
        assertThat(Ahp.weigh(a, Ahp.Method.GEOMETRIC_MEAN, RandomIndex.SAATY, 4).weights()[0]).isEqualTo(0.3160);
    }

    @Test
    void inconsistentMatrixIsRefusedWithItsRatio() {
        // cyclic judgements a > b > c > a: geometric weights 1/3 each, lambda_max = (1 + 9 + 1/9), CR = 3.5556 / 0.52
        double[][] a = {{1, 9, 1.0 / 9}, {1.0 / 9, 1, 9}, {9, 1.0 / 9, 1}};
        assertThatThrownBy(() -> Ahp.weigh(a, Ahp.Method.GEOMETRIC_MEAN, RandomIndex.SAATY, false))
                .isInstanceOf(PlanningException.class)
                .hasMessage("pairwise comparison matrix is inconsistent: CR = 6.8376 > 0.1 (n = 3, lambda_max = 10.1111, RI = 0.5200);"
                        + " revise the judgements or allow inconsistency (--allow-inconsistent)");
        assertThat(Ahp.weigh(a, Ahp.Method.GEOMETRIC_MEAN, RandomIndex.SAATY, true).consistencyRatio()).isGreaterThan(0.1);
    }

    @Test
    void saatyTableStopsAt15() {
        assertThatThrownBy(() -> RandomIndex.SAATY.of(26)).hasMessage("the SAATY random index table covers n <= 15, matrix has n = 26");
    }

    @Test
    void randomIndexTablesMatchTheOracleFile() {
        oracles.at("/random_index_tables/saaty/values").fields().forEachRemaining(e ->
                assertThat(RandomIndex.SAATY.of(Integer.parseInt(e.getKey()))).isEqualTo(e.getValue().asDouble()));
        oracles.at("/random_index_tables/donegan_dodd/values").fields().forEachRemaining(e ->
                assertThat(RandomIndex.DONEGAN_DODD.of(Integer.parseInt(e.getKey()))).isEqualTo(e.getValue().asDouble()));
    }

    @Test
    void pymcdmTopsisOpricovicTzeng() {
        JsonNode o = oracle("pymcdm_topsis_opricovic_tzeng");
        double[] s = Topsis.scores(matrix(o.at("/inputs/matrix")), vector(o.at("/inputs/weights")), types(o.at("/inputs/types")), Topsis.Normalization.MIN_MAX);
        JsonNode exp = o.at("/expected/scores");
        for (int i = 0; i < s.length; i++) assertThat(s[i]).isCloseTo(exp.get(i).asDouble(), within(0.0005));
    }

    @Test
    void topsisRejectsWeightCountMismatch() {
        JsonNode o = oracle("pymcdm_topsis_input_validation");
        assertThatThrownBy(() -> Topsis.scores(matrix(o.at("/inputs/matrix")), vector(o.at("/inputs/weights")), types(o.at("/inputs/types")), Topsis.Normalization.MIN_MAX))
                .isInstanceOf(PlanningException.class).hasMessage("TOPSIS: 2 weights for 3 criteria");
    }

    @Test
    void normalizations() {
        for (String name : List.of("pymcdm_minmax_normalization (supports TOPSIS)", "pymcdm_vector_normalization (classic TOPSIS normalisation)")) {
            JsonNode o = oracle(name);
            double[][] nm = Topsis.normalize(matrix(o.at("/inputs/matrix")), types(o.at("/inputs/types")),
                    name.startsWith("pymcdm_minmax") ? Topsis.Normalization.MIN_MAX : Topsis.Normalization.VECTOR);
            JsonNode exp = o.at("/expected/normalized_row_major");
            int k = 0;
            for (double[] row : nm) for (double v : row) assertThat(v).as(name + " #" + k).isCloseTo(exp.get(k++).asDouble(), within(5e-9));
        }
    }

    @Test
    void greyTopsisGreyDecisionJl() {
        JsonNode o = oracle("grey_topsis_greydecision_jl");
        JsonNode mat = o.at("/inputs/matrix");
        GreyNumber[][] g = new GreyNumber[mat.size()][];
        for (int i = 0; i < mat.size(); i++) {
            g[i] = new GreyNumber[mat.get(i).size()];
            for (int j = 0; j < g[i].length; j++) g[i][j] = new GreyNumber(mat.get(i).get(j).get(0).asDouble(), mat.get(i).get(j).get(1).asDouble());
        }
        JsonNode crit = o.at("/inputs/criteria");
        boolean[] benefit = new boolean[crit.size()];
        for (int j = 0; j < benefit.length; j++) benefit[j] = crit.get(j).asText().equals("max");
        GreyNumber[] s = GreyTopsis.closeness(g, vector(o.at("/inputs/weights")), benefit);
        JsonNode exp = o.at("/expected/scores_full_precision");
        for (int i = 0; i < s.length; i++) {
            assertThat(s[i].lower()).isCloseTo(exp.get(i).get(0).asDouble(), within(1e-12));
            assertThat(s[i].upper()).isCloseTo(exp.get(i).get(1).asDouble(), within(1e-12));
        }
    }

    static double[][] matrix(JsonNode m) {
        double[][] a = new double[m.size()][];
        for (int i = 0; i < m.size(); i++) a[i] = vector(m.get(i));
        return a;
    }

    static double[] vector(JsonNode v) {
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) a[i] = v.get(i).asDouble();
        return a;
    }

    static boolean[] types(JsonNode v) {
        boolean[] b = new boolean[v.size()];
        for (int i = 0; i < b.length; i++) b[i] = v.get(i).asInt() > 0;
        return b;
    }
}
