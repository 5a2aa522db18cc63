# CPack ZIP for Windows: to be written.
