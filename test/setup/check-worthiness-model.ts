// Every test worker scores claims with the committed model files, loaded the way the composition roots load them.
import '../../shared/adapters/check-worthiness-model.ts';
