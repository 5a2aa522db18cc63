# CPack DEB: to be written.
