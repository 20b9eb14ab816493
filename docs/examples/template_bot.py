"""A template bot for Security Dilemma: copy this file, rename the class, change `decide`.

Try it:
    security-dilemma simulate --level fog-of-war --red bot:template_bot.py --blue tit-for-tat
    security-dilemma tournament --level fog-of-war --strategies bot:template_bot.py,tit-for-tat,grim

Your bot runs in its own process. Each turn it gets an `observation`: everything your
nation knows, and nothing else. It must return an `Orders` within the level's time limit
(usually one second). If it raises an error, returns something else, or takes too long,
your nation holds and says nothing that turn, and you get a report after the game.
The full guide is docs/bots.md.
"""

from game.rules.model import Orders, Posture, Signal


class TemplateBot:
    """Trust, but check: disarm while the other side seems calm, arm after two threats.

    A bot is any class with a `decide(observation, rng)` method. One instance plays one
    whole game, so you may keep memory in `self` (it starts fresh in every game).
    """

    def __init__(self):
        self.threats_in_a_row = 0

    def decide(self, observation, rng):
        # --- What you know -------------------------------------------------------------
        intel = observation.intel  # your intelligence report on the other side
        seen = intel.seen_posture  # what they SEEMED to do last turn (None on turn 1)
        heard = intel.seen_signal  # what you THINK they said (cheap talk can be misheard)
        # Their arsenal is an estimate with an uncertainty: the truth is probably in
        # intel.low .. intel.high (about 95%). Your own numbers are exact:
        mine = observation.total_arsenal
        theirs = intel.total
        rules = observation.scenario  # the level: allowed postures and signals, limits...

        # --- Decide ----------------------------------------------------------------------
        if seen is Posture.ARM and heard is not Signal.REASSURE:
            self.threats_in_a_row += 1
        else:
            self.threats_in_a_row = 0

        step = rules.default_amount  # a normal move; at most rules.max_change
        if self.threats_in_a_row >= 2 or theirs > 1.5 * mine + 2 * intel.uncertainty:
            posture, signal = Posture.ARM, Signal.WARN
        elif seen is None or seen is Posture.DISARM:
            posture, signal = Posture.DISARM, Signal.REASSURE
        else:
            posture, signal = Posture.HOLD, Signal.REASSURE

        # Only use what the level allows (a matrix level has no "hold" and no words).
        if posture not in rules.postures:
            posture = Posture.DISARM if posture is Posture.HOLD else Posture.ARM
        if signal not in rules.signals:
            signal = Signal.NONE

        # rng is your own random generator (numpy): use it, never the `random` module,
        # so that the same seed always gives the same game. For example, to forgive a
        # threat one time in five:  if rng.random() < 0.2: posture = Posture.DISARM
        amount = 0.0 if posture is Posture.HOLD else step
        return Orders(posture=posture, amount=amount, signal=signal)
