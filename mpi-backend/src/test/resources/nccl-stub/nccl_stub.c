/*
 * A stand-in for libnccl.so.2 with NCCL's C signatures, for testing ddpkit's FFM calls on
 * machines without a GPU. It treats "device" pointers as host memory, acts as if every rank
 * held the same data, records the arguments it received (read back through stub_* functions)
 * and can be told to fail the next call with a given ncclResult_t.
 */
#include <stddef.h>
#include <string.h>

typedef struct { char internal[128]; } ncclUniqueId;
typedef struct stub_comm { int nranks; int rank; } *ncclComm_t;
typedef void *cudaStream_t;

static struct stub_comm comms[64];
static int used;
static ncclUniqueId last_id;
static int fail_next;
static long long last_count;
static int last_dtype, last_op, last_root, last_peer, last_nranks, last_rank, group_depth, group_calls;
static void *last_stream, *last_comm, *last_send, *last_recv;

static int take_failure(void) { int f = fail_next; fail_next = 0; return f; }

int ncclGetVersion(int *version) { *version = 22304; return take_failure(); }

int ncclGetUniqueId(ncclUniqueId *id) {
    for (int i = 0; i < 128; i++) id->internal[i] = (char) (i * 7 + 3);
    return take_failure();
}

int ncclCommInitRank(ncclComm_t *comm, int nranks, ncclUniqueId id, int rank) {
    int f = take_failure();
    if (f) return f;
    if (nranks < 1 || rank < 0 || rank >= nranks || used == 64) return 4; /* ncclInvalidArgument */
    last_id = id;
    last_nranks = nranks;
    last_rank = rank;
    comms[used].nranks = nranks;
    comms[used].rank = rank;
    *comm = &comms[used++];
    return 0;
}

static int record(const void *send, void *recv, size_t count, int dtype, ncclComm_t comm, cudaStream_t stream) {
    last_send = (void *) send; last_recv = recv; last_count = (long long) count; last_dtype = dtype;
    last_comm = comm; last_stream = stream;
    return take_failure();
}

int ncclAllReduce(const void *send, void *recv, size_t count, int dtype, int op, ncclComm_t comm, cudaStream_t stream) {
    int f = record(send, recv, count, dtype, comm, stream);
    last_op = op;
    if (f) return f;
    if (dtype != 7) return 4;
    const float *s = send; float *r = recv;
    for (size_t i = 0; i < count; i++) {
        float v = s[i];
        r[i] = op == 0 ? v * comm->nranks : v; /* every rank holds the same values: sum = n·v, avg/max/min = v */
    }
    return 0;
}

int ncclBroadcast(const void *send, void *recv, size_t count, int dtype, int root, ncclComm_t comm, cudaStream_t stream) {
    int f = record(send, recv, count, dtype, comm, stream);
    last_root = root;
    if (f) return f;
    if (send != recv) memmove(recv, send, count * (dtype == 7 ? 4 : 1));
    return 0;
}

int ncclAllGather(const void *send, void *recv, size_t count, int dtype, ncclComm_t comm, cudaStream_t stream) {
    int f = record(send, recv, count, dtype, comm, stream);
    if (f) return f;
    size_t bytes = count * (dtype == 7 ? 4 : 1);
    for (int r = 0; r < comm->nranks; r++) memmove((char *) recv + r * bytes, send, bytes);
    return 0;
}

int ncclSend(const void *buf, size_t count, int dtype, int peer, ncclComm_t comm, cudaStream_t stream) {
    last_peer = peer;
    return record(buf, NULL, count, dtype, comm, stream);
}

int ncclRecv(void *buf, size_t count, int dtype, int peer, ncclComm_t comm, cudaStream_t stream) {
    last_peer = peer;
    return record(NULL, buf, count, dtype, comm, stream);
}

int ncclGroupStart(void) { group_depth++; group_calls++; return take_failure(); }
int ncclGroupEnd(void) { if (group_depth == 0) return 5; group_depth--; return take_failure(); }
int ncclCommDestroy(ncclComm_t comm) { (void) comm; return take_failure(); }
int ncclCommAbort(ncclComm_t comm) { (void) comm; return take_failure(); }

const char *ncclGetErrorString(int result) {
    switch (result) {
        case 0: return "no error";
        case 1: return "stub: unhandled cuda error";
        case 2: return "stub: unhandled system error";
        case 3: return "stub: internal error";
        case 4: return "stub: invalid argument";
        case 5: return "stub: invalid usage";
        case 6: return "stub: remote process exited or there was a network error";
        default: return "stub: unknown result code";
    }
}

/* --- test hooks --- */
void stub_fail_next(int result) { fail_next = result; }
void stub_last_id(char out[128]) { memcpy(out, last_id.internal, 128); }
long long stub_last_count(void) { return last_count; }
int stub_last_int(int which) {
    switch (which) {
        case 0: return last_dtype; case 1: return last_op; case 2: return last_root; case 3: return last_peer;
        case 4: return last_nranks; case 5: return last_rank; case 6: return group_depth; case 7: return group_calls;
        default: return -1;
    }
}
void *stub_last_ptr(int which) {
    switch (which) {
        case 0: return last_send; case 1: return last_recv; case 2: return last_comm; case 3: return last_stream;
        default: return NULL;
    }
}
