# Fixture: a click command group (never run).
import click


@click.group()
def cli():
    """Quantization tools."""


@cli.command("quantize")
@click.option("--model-path", "-m", required=True, help="Model to quantize")
@click.option("--w_bit", type=int, default=4)
@click.option("--fast/--no-fast", default=False)
@click.option("--verbose", "-v", is_flag=True)
@click.option("--out", "output_dir", default="out")
@click.argument("config_file")
def quantize_cmd(model_path, w_bit, fast, verbose, output_dir, config_file):
    click.echo(model_path)


@cli.command()
@click.option("--port", default=8000, type=int)
def serve_model(port):
    click.echo(port)


@click.command()
@click.version_option()
def standalone():
    pass


if __name__ == "__main__":
    cli()
