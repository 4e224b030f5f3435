int main() { return 0; } // filled in by the capture work
