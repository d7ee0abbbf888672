import numpy
from app import main

main()
