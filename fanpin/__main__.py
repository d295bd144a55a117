from fanpin.cli.commands import main

main()
