#!/usr/bin/python3
"""PyTorch side of the RNN Workbench benchmark.

Usage: /usr/bin/python3 bench/torch_bench.py workloads.json
workloads.json is a list of {"name", "m", "hidden": [n1, ...], "l", "T", "P", "epochs"}.
For each workload: a float64 network with sigmoid everywhere, recurrent hidden layers with bias, a
non-recurrent output layer with bias, the sse loss E = sum 1/2 (y - z)^2, the exact gradient (autograd
through all T steps) and full-batch gradient descent with c = 0.01. One epoch = forward over all P sequences
batched together ([P, n] per step, explicit loop over t, torch matmuls), backward, update.
One warm-up epoch, then `epochs` timed epochs on one thread. Prints one JSON object per line:
{"name", "secondsPerEpoch", "threads": 1, "torch": version}. Without torch: {"error": ...}, exit status 0.
"""
import json
import os
import sys
import time

# Keep BLAS (Debian's torch uses the system OpenBLAS) and OpenMP on one thread too; set before importing torch.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

LEARNING_RATE = 0.01
INIT_SCALE = 0.3


def main():
    try:
        import torch
    except Exception as e:  # noqa: BLE001 - any import failure means "no torch here"
        print(json.dumps({"error": f"cannot import torch: {e}"}))
        return 0
    torch.set_num_threads(1)
    dtype = torch.float64

    with open(sys.argv[1]) as f:
        workloads = json.load(f)

    for wl in workloads:
        gen = torch.Generator().manual_seed(1)
        m, hidden, l, T, P, epochs = wl["m"], list(wl["hidden"]), wl["l"], wl["T"], wl["P"], wl["epochs"]
        sizes = [m] + hidden + [l]
        rand = lambda *shape: ((torch.rand(*shape, generator=gen, dtype=dtype) * 2 - 1) * INIT_SCALE).requires_grad_(True)
        W, V, b = [], [], []  # per computing layer k = 0..R (layer r = k + 1)
        for k in range(len(sizes) - 1):
            n_in, n = sizes[k], sizes[k + 1]
            W.append(rand(n, n_in))
            V.append(rand(n, n) if k < len(hidden) else None)  # hidden recurrent, output not
            b.append(rand(n))
        params = [p for p in W + V + b if p is not None]
        u = torch.rand(T, P, m, generator=gen, dtype=dtype).round()  # {0, 1} inputs
        z = torch.rand(T, P, l, generator=gen, dtype=dtype)

        def epoch():
            state = [torch.zeros(P, n, dtype=dtype) for n in sizes[1:]]
            E = torch.zeros((), dtype=dtype)
            for t in range(T):
                x = u[t]
                for k in range(len(W)):
                    s = torch.addmm(b[k], x, W[k].t())  # b + x W^T, x is [P, n_in]
                    if V[k] is not None:
                        s = s + state[k] @ V[k].t()
                    x = torch.sigmoid(s)
                    state[k] = x
                E = E + 0.5 * ((x - z[t]) ** 2).sum()
            for p in params:
                p.grad = None
            E.backward()
            with torch.no_grad():
                for p in params:
                    p -= LEARNING_RATE * p.grad
            return E.item()

        epoch()  # warm-up
        start = time.perf_counter()
        for _ in range(epochs):
            epoch()
        seconds = (time.perf_counter() - start) / max(epochs, 1)
        print(json.dumps({"name": wl["name"], "secondsPerEpoch": seconds, "threads": 1, "torch": torch.__version__}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
