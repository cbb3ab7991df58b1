"""PyTorch's own numbers for the engine's tests (test/nn/torch-golden.test.ts).

usage: /usr/bin/python3 test/nn/torch/golden.py OUT_DIR

Writes OUT_DIR/<case>.json for each case below and OUT_DIR/init.json. Each case holds a model built by PyTorch's
own constructors (torch.manual_seed, default init), its inputs and targets, and what torch computes from them: the
logits, the loss (class-weighted and/or label-smoothed cross-entropy, plus the report's explicit l1/l2 penalties
where set), every parameter's gradient, and every parameter after three optimizer steps on the same batch.
Float tensors are base64 of float32 little-endian bytes (exact and compact); shapes and names are PyTorch's.
Dropout is 0: torch's masks come from its own RNG stream, which the engine does not reproduce (the engine's masks
are checked against tfjs with a fixed mask in test/nn/model.test.ts).

init.json holds, for large models of each cell, every parameter's sample statistics under PyTorch's default init,
so the test can check that torch draws what the engine assumes (bounds and moments).

Debian's python3-torch (1.13); one thread so runs are reproducible.
"""
import base64
import json
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402

torch.set_num_threads(1)

FORMAT = "pirate-pain-torch-golden"
B, T, I, H, C = 5, 7, 4, 6, 3
COUNTS = [700.0, 150.0, 60.0]  # window counts per class: class weights 1/log(1+count), the report's weighting
STEPS = 3


class Net(torch.nn.Module):
    """The engine's RecurrentClassifier: rnn(batch_first) -> output[:, -1, :] -> fc."""

    def __init__(self, s):
        super().__init__()
        cls = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[s["cell"]]
        self.rnn = cls(s["inputSize"], s["hiddenSize"], s["layers"], batch_first=True,
                       bidirectional=s["bidirectional"], dropout=s["dropout"])
        self.fc = torch.nn.Linear(s["hiddenSize"] * (2 if s["bidirectional"] else 1), s["classes"])

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


def b64(t):
    a = t.detach().to(torch.float32).contiguous().numpy()
    return base64.b64encode(a.astype("<f4").tobytes()).decode("ascii")


def tensors(net, what):
    return [{"name": n, "shape": list(p.shape), "data": b64(what(p))} for n, p in net.named_parameters()]


def objective(net, x, y, loss):
    logits = net(x)
    weight = torch.tensor(loss["weights"], dtype=torch.float32) if loss["weights"] is not None else None
    ce = torch.nn.functional.cross_entropy(logits, y, weight=weight, label_smoothing=loss["labelSmoothing"])
    total = ce
    if loss["l1"] > 0 or loss["l2"] > 0:
        ps = list(net.parameters())
        total = total + loss["l1"] * sum(p.abs().sum() for p in ps) + loss["l2"] * sum((p * p).sum() for p in ps)
    return logits, ce, total


def case(name, cell, layers, bidirectional, loss_kind, optimizer, penalties, seed):
    torch.manual_seed(seed)
    spec = {"cell": cell, "inputSize": I, "hiddenSize": H, "layers": layers, "bidirectional": bidirectional,
            "dropout": 0.0, "classes": C}
    net = Net(spec)
    # uniform_ is a serial draw on every CPU (randn has an AVX2-only vectorised path), so inputs are bit-stable
    x = torch.rand(B, T, I) * 4 - 2
    # every class present, in a case-dependent order
    y = torch.tensor([(seed + k) % C for k in range(B)], dtype=torch.long)
    weights = (1.0 / torch.log1p(torch.tensor(COUNTS))).tolist() if "weighted" in loss_kind else None
    loss = {"counts": COUNTS if weights is not None else None, "weights": weights,
            "labelSmoothing": 0.1 if "smoothed" in loss_kind else 0.0,
            "l1": penalties[0], "l2": penalties[1]}
    opt_cfg = {"kind": optimizer, "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8,
               "weightDecay": 0.05 if optimizer == "adamw" else 0.001, "steps": STEPS}
    params0 = tensors(net, lambda p: p)

    net.zero_grad()
    logits, ce, total = objective(net, x, y, loss)
    total.backward()
    grads = tensors(net, lambda p: p.grad)

    Opt = torch.optim.AdamW if optimizer == "adamw" else torch.optim.Adam
    opt = Opt(net.parameters(), lr=opt_cfg["lr"], betas=tuple(opt_cfg["betas"]), eps=opt_cfg["eps"],
              weight_decay=opt_cfg["weightDecay"])
    losses = []
    for step in range(STEPS):
        if step > 0:  # step 0 uses the gradients above
            opt.zero_grad()
            _, _, t = objective(net, x, y, loss)
            t.backward()
        losses.append(float(total if step == 0 else t))
        opt.step()

    return {
        "format": FORMAT, "version": 1, "torch": torch.__version__, "name": name, "seed": seed,
        "spec": spec, "batch": B, "steps": T,
        "x": b64(x), "y": y.tolist(), "loss": loss, "optimizer": opt_cfg,
        "params": params0,
        "logits": b64(logits),
        "crossEntropy": float(ce), "objective": float(total),
        "grads": [{"name": g["name"], "data": g["data"]} for g in grads],
        "stepObjectives": losses,
        "after": [{"name": a["name"], "data": a["data"]} for a in tensors(net, lambda p: p)],
    }


CASES = []
for ci, cell in enumerate(["rnn", "lstm", "gru"]):
    CASES += [
        (f"{cell}-l1", cell, 1, False, "weighted", "adamw", (0.0, 0.0)),
        (f"{cell}-l1-bi", cell, 1, True, "smoothed", "adamw", (0.0, 0.0)),
        (f"{cell}-l2-bi", cell, 2, True, "weighted+smoothed", "adamw", (1e-3, 1e-2)),
        (f"{cell}-l3", cell, 3, False, "weighted+smoothed", "adam", (0.0, 1e-3)),
        (f"{cell}-l3-bi", cell, 3, True, "weighted", "adamw", (0.0, 0.0)),
    ]

INIT_SPECS = [
    {"cell": "lstm", "inputSize": 30, "hiddenSize": 256, "layers": 2, "bidirectional": True, "dropout": 0.0, "classes": 3},
    {"cell": "gru", "inputSize": 30, "hiddenSize": 192, "layers": 2, "bidirectional": False, "dropout": 0.0, "classes": 3},
    {"cell": "rnn", "inputSize": 30, "hiddenSize": 256, "layers": 3, "bidirectional": True, "dropout": 0.0, "classes": 3},
]


def init_stats():
    out = []
    for k, spec in enumerate(INIT_SPECS):
        torch.manual_seed(100 + k)
        net = Net(spec)
        ps = []
        for n, p in net.named_parameters():
            v = p.detach().to(torch.float64).flatten()
            ps.append({"name": n, "shape": list(p.shape), "n": v.numel(), "min": float(v.min()), "max": float(v.max()),
                       "mean": float(v.mean()), "var": float(v.var(unbiased=False))})
        out.append({"spec": spec, "params": ps})
    return {"format": FORMAT + "-init", "version": 1, "torch": torch.__version__, "models": out}


def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for i, (name, *rest) in enumerate(CASES):
        write(os.path.join(out, f"{name}.json"), case(name, *rest, seed=i))
    write(os.path.join(out, "init.json"), init_stats())
    print(f"{len(CASES)} cases and init.json written to {out} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
