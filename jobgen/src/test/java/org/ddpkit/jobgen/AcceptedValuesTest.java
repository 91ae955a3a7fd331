package org.ddpkit.jobgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ddpkit.jobgen.spec.MailType;
import org.ddpkit.jobgen.spec.SlurmTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every accepted form of each SLURM value, and the #SBATCH line it becomes. */
class AcceptedValuesTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            --time          | 30                 | --time=30
            --time          | 30:15              | --time=30:15
            --time          | 1:30:00            | --time=1:30:00
            --time          | 100:00:00          | --time=100:00:00
            --time          | 2-0                | --time=2-0
            --time          | 2-12:30            | --time=2-12:30
            --time          | 2-12:30:15         | --time=2-12:30:15
            --time          | 0                  | --time=0
            --time          | UNLIMITED          | --time=UNLIMITED
            --time          | infinite           | --time=infinite
            --array         | 0-15               | --array=0-15
            --array         | 1,3,5              | --array=1,3,5
            --array         | 0-15:2%4           | --array=0-15:2%4
            --array         | 0,6,16-32          | --array=0,6,16-32
            --array         | 7%1                | --array=7%1
            --dependency    | afterok:123:456    | --dependency=afterok:123:456
            --dependency    | afterany:1?afternotok:2 | `--dependency="afterany:1?afternotok:2"`
            --dependency    | singleton          | --dependency=singleton
            --dependency    | after:5+10:6       | --dependency=after:5+10:6
            --dependency    | afterok:12_3       | --dependency=afterok:12_3
            --dependency    | aftercorr:9,afterburstbuffer:4,singleton | --dependency=aftercorr:9,afterburstbuffer:4,singleton
            --mail-type     | fail,begin         | --mail-type=BEGIN,FAIL
            --mail-type     | ALL                | --mail-type=ALL
            --mail-type     | TIME_LIMIT_90,ARRAY_TASKS | --mail-type=TIME_LIMIT_90,ARRAY_TASKS
            --signal        | USR1               | --signal=USR1@60
            --signal        | SIGTERM@120        | --signal=TERM@120
            --signal        | B:USR2@90          | --signal=B:USR2@90
            --signal        | R:10@5             | --signal=R:USR1@5
            --signal        | 12@0               | --signal=USR2@0
            --signal        | usr2@65535         | --signal=USR2@65535
            --output        | %x-%j.out          | --output=%x-%j.out
            --output        | logs/%A_%a.out     | --output=logs/%A_%a.out
            --output        | 100%%-%4j.out      | --output=100%%-%4j.out
            --output        | %N-%n-%s-%t-%u-%J  | --output=%N-%n-%s-%t-%u-%J
            --error         | my logs/%j.err     | `--error="my logs/%j.err"`
            --mem           | 16G                | --mem=16G
            --mem           | 512m               | --mem=512M
            --mem           | 1024               | --mem=1024
            --mem           | 0                  | --mem=0
            --partition     | gpu,gpu-long       | --partition=gpu,gpu-long
            --constraint    | a100&local        | `--constraint="a100&local"`
            --job-name      | it's #1            | `--job-name="it's #1"`
            --mail-user     | me@example.org     | --mail-user=me@example.org
            """)
    void valueBecomesDirective(String flag, String value, String directive) {
        Outcome o = Outcome.run(Outcome.ENV, List.of(flag, value, "--", "cmd"));
        assertEquals(0, o.code(), o::describe);
        assertTrue(o.out().lines().anyMatch(l -> l.equals("#SBATCH " + directive)), () -> "#SBATCH " + directive + " in\n" + o.out());
    }

    @Test
    void everyMailTypeIsAcceptedAndNamedInTheErrorMessage() {
        for (MailType t : MailType.values()) {
            Outcome o = Outcome.run("--mail-type", t.name().toLowerCase(java.util.Locale.ROOT), "--", "cmd");
            assertTrue(o.out().contains("#SBATCH --mail-type=" + t.name() + "\n"), o::describe);
        }
        String message = Outcome.run("--mail-type", "x", "--", "cmd").err();
        String names = String.join(", ", java.util.Arrays.stream(MailType.values()).map(Enum::name).toList());
        assertTrue(message.contains("(one of " + names + ")"), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            45          | 2700
            45:30       | 2730
            2:03:04     | 7384
            1-0         | 86400
            1-2:03      | 93780
            1-2:03:04   | 93784
            UNLIMITED   | -1
            """)
    void timeInSeconds(String text, long seconds) {
        assertEquals(seconds, SlurmTime.parse("--time", text).seconds());
    }
}
