package org.ddpkit.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How each policy renames a loaded state dict's keys for a model's keys. */
class ModulePrefixTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                row(ModulePrefix.AUTO, "DDP checkpoint into a bare model", List.of("module.a", "module.b.c"), List.of("a", "b.c"),
                        List.of("a", "b.c")),
                row(ModulePrefix.AUTO, "bare checkpoint into a DDP model", List.of("a", "b.c"), List.of("module.a", "module.b.c"),
                        List.of("module.a", "module.b.c")),
                row(ModulePrefix.AUTO, "bare into bare", List.of("a", "b"), List.of("a", "b"), List.of("a", "b")),
                row(ModulePrefix.AUTO, "DDP into DDP", List.of("module.a"), List.of("module.a"), List.of("module.a")),
                row(ModulePrefix.AUTO, "mixed file keys: not clear-cut", List.of("module.a", "b"), List.of("a", "b"),
                        List.of("module.a", "b")),
                row(ModulePrefix.AUTO, "mixed model keys: not clear-cut", List.of("a", "b"), List.of("module.a", "b"), List.of("a", "b")),
                row(ModulePrefix.AUTO, "model whose own child is named module", List.of("module.module.w"), List.of("module.w"),
                        List.of("module.module.w")),
                row(ModulePrefix.AUTO, "empty file", List.of(), List.of("module.a"), List.of()),
                row(ModulePrefix.KEEP, "names as they are", List.of("module.a"), List.of("a"), List.of("module.a")),
                row(ModulePrefix.STRIP, "strip where present", List.of("module.a", "b"), List.of("a", "b"), List.of("a", "b")),
                row(ModulePrefix.STRIP, "one level only", List.of("module.module.w"), List.of("module.w"), List.of("module.w")),
                row(ModulePrefix.ADD, "add to every key", List.of("a", "module.b"), List.of(), List.of("module.a", "module.module.b")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void renamesAsDocumented(ModulePrefix policy, String what, List<String> fileKeys, List<String> modelKeys, List<String> expected) {
        Map<String, Integer> loaded = new LinkedHashMap<>();
        for (int i = 0; i < fileKeys.size(); i++) {
            loaded.put(fileKeys.get(i), i);
        }

        Map<String, Integer> out = policy.apply(loaded, modelKeys);

        assertEquals(expected, List.copyOf(out.keySet()));
        assertEquals(List.copyOf(loaded.values()), List.copyOf(out.values()), "values follow their keys");
    }

    @Test
    void strippingIntoACollisionIsRefused() {
        Map<String, Integer> loaded = new LinkedHashMap<>();
        loaded.put("module.a", 1);
        loaded.put("a", 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModulePrefix.STRIP.apply(loaded, List.of("a")));
        assertEquals("stripping \"module.\" gives two entries named \"a\"", e.getMessage());
    }

    private static Arguments row(ModulePrefix p, String what, List<String> file, List<String> model, List<String> expected) {
        return Arguments.of(p, what, file, model, expected);
    }
}
