package org.ddpkit.comm;

import java.time.Duration;

/**
 * A worker that forgets to close its group and simply returns from main (no System.exit): its
 * JVM must still exit on its own, even with MPJ Express, whose niodev threads are not daemons.
 */
public final class ReturnWithoutCloseWorker {
    private ReturnWithoutCloseWorker() {}

    public static void main(String[] args) {
        ProcessGroup pg = ProcessGroups.init(DistEnv.fromEnv(System.getenv()), args[0],
                GroupOptions.defaults().withBootstrapTimeout(Duration.ofSeconds(60)));
        float[] a = {pg.rank() + 1f};
        pg.allReduce(a, ReduceOp.SUM);
        System.out.println("SUM " + a[0]);
    }
}
