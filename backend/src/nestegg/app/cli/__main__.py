from nestegg.app.cli.main import run

run()
