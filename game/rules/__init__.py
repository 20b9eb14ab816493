"""Pure game rules: data model, turn resolution, perception and scoring. Depends on numpy only."""
