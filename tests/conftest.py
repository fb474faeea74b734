"""Make the working tree importable as ansible_collections.serverlab.course (through the committed link
collections/ansible_collections/serverlab/course -> the repository root)."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, "collections")

if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)
