"""The bundled graph: it loads, reasons and conforms, its stored queries answer what the
sources say, it says nothing the sources do not, and a client of standard vocabularies reads it."""
