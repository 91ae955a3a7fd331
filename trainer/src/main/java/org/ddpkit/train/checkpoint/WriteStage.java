package org.ddpkit.train.checkpoint;

/**
 * The steps of an atomic write, in order, as reported to a stage listener (tests kill the
 * writer at each one to show the previous file survives).
 */
enum WriteStage {
    /** The temporary file exists, empty. */
    TEMP_CREATED,
    /** The contents are in the temporary file (page cache). */
    DATA_WRITTEN,
    /** The temporary file is on disk (fsync). */
    FILE_SYNCED,
    /** The temporary file has replaced the target (rename). */
    RENAMED,
    /** The directory entry is on disk (fsync of the directory). */
    DIR_SYNCED,
    /** A snapshot's superseded training-state file has been removed (snapshots only). */
    OLD_STATE_REMOVED
}
