"""Certificates ("giấy chứng nhận") anyone can verify, even offline: a PDF signed with the
province's certificate (PAdES), a QR carrying the certificate's facts as a credential signed with
the province's Ed25519 key, and a public check by code.

Pure parts first: codes, the signed credential, the status list of revocations, the PDF.
"""
