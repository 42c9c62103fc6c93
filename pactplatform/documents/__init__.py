"""PDF rendering (WeasyPrint) and QR codes (segno)."""
