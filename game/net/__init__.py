"""Class games over the school's network: an authoritative host, students' clients, the protocol.

The host runs every game through the session layer, exactly as a local match, and sends
each client only its own side's view; ``docs/network.md`` describes the protocol. Nothing
here draws: the window builds its join screen, lobby and dashboard on these classes.
"""
