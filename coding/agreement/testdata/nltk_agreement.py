"""Compute Krippendorff's alpha and mean pairwise Cohen's kappa with NLTK's
AnnotationTask, for Focal's comparison test and benchmark.

Input (argv[1]): CSV lines "code,coder,unit,label". Output: one line per code,
"code,alpha,kappa,seconds" where seconds is the CPU time NLTK took for both
statistics (process time, so that a busy machine does not inflate it).
"""
import csv
import sys
import time
from collections import defaultdict

from nltk.metrics.agreement import AnnotationTask

triples = defaultdict(list)
with open(sys.argv[1], newline="") as f:
    for code, coder, unit, label in csv.reader(f):
        triples[code].append((coder, unit, label))

out = csv.writer(sys.stdout)
for code, data in triples.items():
    start = time.process_time()
    task = AnnotationTask(data=data)
    try:
        alpha = repr(task.alpha())
    except ZeroDivisionError:
        alpha = "undefined"
    try:
        kappa = repr(task.kappa())
    except ZeroDivisionError:
        kappa = "undefined"
    out.writerow([code, alpha, kappa, repr(time.process_time() - start)])
