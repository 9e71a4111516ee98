"""Cases (案件): applications from intake to certificate."""
