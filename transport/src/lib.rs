//! `diameter-transport`: the socket side of the stack (see the transport issue).
