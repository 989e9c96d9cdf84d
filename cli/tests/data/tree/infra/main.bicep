param location string = 'westeurope'
