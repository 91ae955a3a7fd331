package org.ddpkit.launch.slurm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostlistTest {
    /** Hostlist → the names {@code scontrol show hostnames} prints (SLURM 22.05), space-separated. */
    static Stream<Arguments> expansions() {
        return Stream.of(
                Arguments.of("linux[1,2]", "linux1 linux2"),
                Arguments.of("alpha,beta,gamma", "alpha beta gamma"),
                Arguments.of("nodeA,nodeB[001,003],nodeC", "nodeA nodeB001 nodeB003 nodeC"),
                Arguments.of("host-[001-002]", "host-001 host-002"),
                Arguments.of("c[1-2]", "c1 c2"),
                Arguments.of("host[001,003-004,006]", "host001 host003 host004 host006"),
                Arguments.of("a[1-2]-b[3-4]", "a1-b3 a1-b4 a2-b3 a2-b4"),
                Arguments.of("a[1-2]-b[03-04]-c[5-6]",
                        "a1-b03-c5 a1-b03-c6 a2-b03-c5 a2-b03-c6 a1-b04-c5 a1-b04-c6 a2-b04-c5 a2-b04-c6"),
                Arguments.of("a[1,2][3,4]", "a13 a14 a23 a24"),
                Arguments.of("x[1-3]y[01-02]", "x1y01 x1y02 x2y01 x2y02 x3y01 x3y02"),
                Arguments.of("node[001-003,007]", "node001 node002 node003 node007"),
                Arguments.of("a[9-11]", "a9 a10 a11"),
                Arguments.of("a[009-011]", "a009 a010 a011"),
                Arguments.of("a[01-1]", "a01"),
                Arguments.of("a[1-02]", "a1 a2"),
                Arguments.of("a[00-01]", "a00 a01"),
                Arguments.of("a[1-1]", "a1"),
                Arguments.of("a[1-3,2]", "a1 a2 a3 a2"),
                Arguments.of("a[1-2],a1", "a1 a2 a1"),
                Arguments.of("[1-2]", "1 2"),
                Arguments.of("a0[1-2]", "a01 a02"),
                Arguments.of(",a", "a"),
                Arguments.of("a,,b", "a b"),
                Arguments.of("a b", "a b"),
                Arguments.of("a[1-2],,", "a1 a2"),
                Arguments.of("node1", "node1"),
                Arguments.of("", ""));
    }

    /** Input → a part of the error message; scontrol rejects each of these too. */
    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("a[2-1]", "2 > 1"),
                Arguments.of("a[]", "invalid range \"\""),
                Arguments.of("a[1-2]]", "\"]\" without \"[\""),
                Arguments.of("a[x]", "invalid range \"x\""),
                Arguments.of("a[1,,2]", "invalid range \"\""),
                Arguments.of("a[1-3]b", "\"b\" after the last \"]\""),
                Arguments.of("a[1-2]-b", "\"-b\" after the last \"]\""),
                Arguments.of("a[1-2]b[3-4]c", "\"c\" after the last \"]\""),
                Arguments.of("a[1--2]", "invalid range \"1--2\""),
                Arguments.of("a[-2]", "invalid range \"-2\""),
                Arguments.of("a[0x1]", "invalid range \"0x1\""),
                Arguments.of("n[0-65536]", "too many hosts"),
                Arguments.of("a[[1]]", "\"[\" inside brackets"),
                Arguments.of("a[1-2 ]", "invalid range \"1-2 \""));
    }

    /** Stricter than scontrol, which prints nonsense for these instead of an error. */
    static Stream<Arguments> strictRejections() {
        return Stream.of(
                Arguments.of("a[1-2", "unclosed \"[\""),
                Arguments.of("a]", "\"]\" without \"[\""),
                Arguments.of("a[1-]", "invalid range \"1-\""),
                Arguments.of("a[+1]", "invalid range \"+1\""),
                Arguments.of("a[ 1-2]", "invalid range \" 1-2\""),
                Arguments.of("a[0-65535]b[0-65535]", "more than"));
    }

    /** Host names → what {@code scontrol show hostlist} prints. */
    static Stream<Arguments> compressions() {
        return Stream.of(
                Arguments.of("a1,a2,a3,b01", "a[1-3],b01"),
                Arguments.of("n001,n002,n003,n007", "n[001-003,007]"),
                Arguments.of("a1-b3,a1-b4,a2-b3,a2-b4", "a1-b[3-4],a2-b[3-4]"),
                Arguments.of("a9,a10,a11", "a[9-11]"),
                Arguments.of("a09,a10", "a[09-10]"),
                Arguments.of("a1,a01,a2", "a[1,01,2]"),
                Arguments.of("x,y,x", "x,y,x"),
                Arguments.of("a3,a1,a2", "a[3,1-2]"),
                Arguments.of("a1,b1,a2", "a1,b1,a2"),
                Arguments.of("a1,a2,b1,a3", "a[1-2],b1,a3"),
                Arguments.of("a010,a9", "a[010,9]"),
                Arguments.of("a01,a02,a1", "a[01-02,1]"),
                Arguments.of("a1,a2,a2", "a[1-2,2]"),
                Arguments.of("a0,a00", "a[0,00]"),
                Arguments.of("1,2,3", "[1-3]"),
                Arguments.of("a-1,a-2", "a-[1-2]"),
                Arguments.of("a1.x,a2.x", "a1.x,a2.x"),
                Arguments.of("a99,a100", "a[99-100]"),
                Arguments.of("a099,a100", "a[099-100]"),
                Arguments.of("a10,a9", "a[10,9]"),
                Arguments.of("n1,n1", "n[1,1]"),
                Arguments.of("host-001,host-002", "host-[001-002]"),
                Arguments.of("node1", "node1"));
    }

    @ParameterizedTest(name = "expand {0}")
    @MethodSource("expansions")
    void expandsLikeScontrol(String hostlist, String expected) {
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), Hostlist.expand(hostlist));
    }

    @ParameterizedTest(name = "reject {0}")
    @MethodSource({"rejections", "strictRejections"})
    void rejectsBadHostlistsQuotingThem(String hostlist, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hostlist.expand(hostlist));
        assertTrue(e.getMessage().startsWith("invalid hostlist \"" + hostlist + "\": "), e.getMessage());
        assertTrue(e.getMessage().contains(why), () -> "\"" + e.getMessage() + "\" should say " + why);
    }

    @ParameterizedTest(name = "compress {0}")
    @MethodSource("compressions")
    void compressesLikeScontrol(String hosts, String expected) {
        assertEquals(expected, Hostlist.compress(List.of(hosts.split(","))));
    }

    @ParameterizedTest(name = "round trip {0}")
    @MethodSource("compressions")
    void expandUndoesCompress(String hosts, String ignored) {
        List<String> names = List.of(hosts.split(","));
        assertEquals(names, Hostlist.expand(Hostlist.compress(names)));
    }

    @Test
    void expandUndoesCompressOnRandomNodeNames() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            List<String> names = new ArrayList<>();
            int n = 1 + rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                String prefix = List.of("n", "gpu-", "a1b", "x.y").get(rnd.nextInt(4));
                int num = rnd.nextInt(120);
                int width = rnd.nextInt(4);
                names.add(prefix + (width == 0 ? "" : String.format("%0" + width + "d", num)));
            }
            assertEquals(names, Hostlist.expand(Hostlist.compress(names)), names::toString);
        }
    }

    @Test
    void compressRefusesNamesThatCannotBeInAHostlist() {
        assertThrows(IllegalArgumentException.class, () -> Hostlist.compress(List.of("a[1]")));
        assertThrows(IllegalArgumentException.class, () -> Hostlist.compress(List.of("a,b")));
        assertThrows(IllegalArgumentException.class, () -> Hostlist.compress(List.of("")));
    }

    @Test
    void loopsNestLikeSlurmsRecursion() {
        assertArrayEquals(new int[] {0}, Hostlist.loopOrder(1));
        assertArrayEquals(new int[] {0, 1}, Hostlist.loopOrder(2));
        assertArrayEquals(new int[] {1, 0, 2}, Hostlist.loopOrder(3));
        assertArrayEquals(new int[] {2, 1, 0, 3}, Hostlist.loopOrder(4));
    }

    @Test
    void largestRangeSlurmAcceptsExpands() {
        List<String> hosts = Hostlist.expand("n[0-65535]");
        assertEquals(65536, hosts.size());
        assertEquals("n65535", hosts.getLast());
    }
}
