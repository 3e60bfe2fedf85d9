"""Signals the references app sends (exported by ``references.api``).

The library knows nothing of the texts that cite its works: apps that store such texts
listen here, e.g. to render them again when a work reads differently.
"""

from django.dispatch import Signal

# A work was saved (``Citation.save``, after its transaction). Sent with ``citation``,
# ``created`` and ``changed_ids``: the ids of *other* works whose in-text form changed with
# it (a year suffix assigned or moved, more names before "et al."). Texts citing the work
# or those works read differently now; a new work may also be cited already by its key.
citation_changed = Signal()

# A stored work's key is about to change (``Citation.clean``). Sent with ``citation`` and
# ``old_key``; receivers return the names of texts that still cite it as ``@old_key``
# (an empty list when none do). The key cannot change while any text uses it.
citation_key_in_use = Signal()
