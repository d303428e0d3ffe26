"""Share links and QR codes of contests, and personal referral links ("lan tỏa")."""
