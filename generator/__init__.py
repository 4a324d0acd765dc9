"""Static site generator for the Stratégie nationale de prévention de la délinquance."""
