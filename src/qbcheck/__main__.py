from qbcheck.cli import main

main()
