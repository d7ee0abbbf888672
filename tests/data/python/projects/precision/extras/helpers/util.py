NAME = "util"
