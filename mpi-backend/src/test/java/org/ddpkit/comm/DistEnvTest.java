package org.ddpkit.comm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistEnvTest {

    private static Map<String, String> good() {
        Map<String, String> env = new HashMap<>();
        env.put("RANK", "3");
        env.put("LOCAL_RANK", "1");
        env.put("WORLD_SIZE", "4");
        env.put("LOCAL_WORLD_SIZE", "2");
        env.put("GROUP_RANK", "1");
        env.put("MASTER_ADDR", "node1");
        env.put("MASTER_PORT", "29500");
        env.put("DDPKIT_RESTART_COUNT", "2");
        env.put("DDPKIT_RUN_ID", "1234.0");
        env.put("SLURM_PROCID", "ignored");
        return env;
    }

    @Test
    void readsTheContract() {
        DistEnv e = DistEnv.fromEnv(good());
        assertEquals(new DistEnv(3, 1, 4, 2, 1, "node1", 29500, 2, "1234.0"), e);
        assertEquals(e, DistEnv.fromEnv(e.toEnv()));
    }

    @Test
    void restartCountAndRunIdHaveDefaults() {
        Map<String, String> env = good();
        env.remove("DDPKIT_RESTART_COUNT");
        env.remove("DDPKIT_RUN_ID");
        DistEnv e = DistEnv.fromEnv(env);
        assertEquals(0, e.restartCount());
        assertEquals(DistEnv.DEFAULT_RUN_ID, e.runId());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(nullValues = "UNSET", value = {
            "RANK,             UNSET,  RANK is not set",
            "LOCAL_RANK,       UNSET,  LOCAL_RANK is not set",
            "WORLD_SIZE,       UNSET,  WORLD_SIZE is not set",
            "LOCAL_WORLD_SIZE, UNSET,  LOCAL_WORLD_SIZE is not set",
            "GROUP_RANK,       UNSET,  GROUP_RANK is not set",
            "MASTER_ADDR,      UNSET,  MASTER_ADDR is not set",
            "MASTER_PORT,      UNSET,  MASTER_PORT is not set",
            "RANK,             x,      'RANK: must be an integer, got \"x\"'",
            "RANK,             4,      'RANK: must be in 0 … WORLD_SIZE-1 (WORLD_SIZE=4), got \"4\"'",
            "RANK,             -1,     'RANK: must be in 0 … WORLD_SIZE-1 (WORLD_SIZE=4), got \"-1\"'",
            "WORLD_SIZE,       0,      'WORLD_SIZE: must be ≥ 1, got \"0\"'",
            "LOCAL_RANK,       2,      'LOCAL_RANK: must be in 0 … LOCAL_WORLD_SIZE-1 (LOCAL_WORLD_SIZE=2), got \"2\"'",
            "LOCAL_WORLD_SIZE, 5,      'LOCAL_WORLD_SIZE: must be in 1 … WORLD_SIZE (WORLD_SIZE=4), got \"5\"'",
            "GROUP_RANK,       4,      'GROUP_RANK: must be in 0 … WORLD_SIZE-1 (WORLD_SIZE=4), got \"4\"'",
            "MASTER_PORT,      70000,  'MASTER_PORT: must be a port in 1 … 65535, got \"70000\"'",
            "MASTER_PORT,      http,   'MASTER_PORT: must be an integer, got \"http\"'",
            "DDPKIT_RESTART_COUNT, -2, 'DDPKIT_RESTART_COUNT: must be ≥ 0, got \"-2\"'",
    })
    void badOrMissingVariablesAreNamed(String variable, String value, String message) {
        Map<String, String> env = good();
        if (value == null) {
            env.remove(variable);
        } else {
            env.put(variable, value);
        }
        DistEnvException e = assertThrows(DistEnvException.class, () -> DistEnv.fromEnv(env));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(variable, e.variable());
        assertEquals(ExitCodes.CONFIG, e.exitCode());
        if (value == null) {
            assertNull(e.value());
        }
    }

    @Test
    void localRankAboveRankIsInconsistent() {
        Map<String, String> env = good();
        env.put("RANK", "0");
        DistEnvException e = assertThrows(DistEnvException.class, () -> DistEnv.fromEnv(env));
        assertEquals("LOCAL_RANK: must be ≤ RANK (RANK=0), got \"1\"", e.getMessage());
    }
}
