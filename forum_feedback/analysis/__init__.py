"""Text analysis for forum_feedback: a pure library (no Flask, no SQLAlchemy).

On a small 2-core server, OpenBLAS's default of one thread per core makes a theme build 5-8
times slower whenever anything else is busy (measured: 9.6 s against 1.7 s for 8,676 comments),
so unless the operator chose otherwise, numerical work here runs on one thread. This only takes
effect if the package is imported before numpy, as it is in the app and the scripts.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
