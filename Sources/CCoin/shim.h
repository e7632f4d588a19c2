#ifndef PINGLI_CCOIN_SHIM_H
#define PINGLI_CCOIN_SHIM_H
/* COIN-OR CLP (linear programs) and CBC (integer programs), through their C interfaces.
   The fair draw's master problem is an LP for CLP; its pricing problem an ILP for CBC. */
#include <coin/Clp_C_Interface.h>
#include <coin/Cbc_C_Interface.h>
#endif
