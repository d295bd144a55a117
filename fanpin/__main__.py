from fanpin.cli import main

main()
