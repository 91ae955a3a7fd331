package org.ddpkit.comm.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rank 0's verdict when collectives time out. Every rank stuck in a collective reports which
 * rank it waited for; ranks downstream of a hung one report their neighbours, who are merely
 * waiting too. A second after the first report, the judge names a rank that others waited for
 * and that reported nothing itself (it is not in the collective: it hangs), else any silent
 * rank; when every rank reported, the ranks disagree on the order of collectives.
 */
final class StallJudge {
    static final long DELAY_MILLIS = 1000;

    private final ControlHub hub;
    private final Map<Integer, Integer> waits = new TreeMap<>();
    private String what = "";
    private boolean scheduled;

    StallJudge(ControlHub hub) {
        this.hub = hub;
    }

    synchronized void stalled(int rank, int waitingFor, String collective) {
        waits.put(rank, waitingFor);
        if (scheduled) {
            return;
        }
        scheduled = true;
        what = collective;
        Thread.ofPlatform().daemon().name("ddpkit-stall-judge").start(() -> {
            try {
                Thread.sleep(DELAY_MILLIS); // collect the other ranks' reports
            } catch (InterruptedException e) {
                return;
            }
            judge();
        });
    }

    private void judge() {
        Map<Integer, Integer> w;
        String collective;
        synchronized (this) {
            w = new TreeMap<>(waits);
            collective = what;
        }
        TreeSet<Integer> silent = new TreeSet<>(hub.present());
        silent.removeAll(w.keySet());
        TreeSet<Integer> waitedFor = new TreeSet<>(w.values());
        TreeSet<Integer> suspects = new TreeSet<>(silent);
        suspects.retainAll(waitedFor);
        if (suspects.isEmpty()) {
            suspects = silent;
        }
        List<Integer> reporters = List.copyOf(w.keySet());
        if (suspects.isEmpty()) {
            hub.spreadFailure(Control.NOBODY, "every rank timed out in " + collective + " (ranks " + reporters
                    + "): they do not call the same collectives in the same order, or all are too slow "
                    + "(raise the timeout: GroupOptions.timeout, --timeout)", Control.NOBODY);
            return;
        }
        int culprit = suspects.first();
        String others = suspects.size() > 1 ? " (also silent: " + suspects.tailSet(culprit, false) + ")" : "";
        hub.spreadFailure(culprit, "it hangs: " + collective + " timed out on ranks " + reporters
                + ", which waited for it, while it did not take part" + others, Control.NOBODY);
    }
}
