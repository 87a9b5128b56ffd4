"""What several use cases share and none is: the views they answer with, cursors, command
inputs, lookups, the recurrence schedule, retrying, and the in-process event publisher."""
